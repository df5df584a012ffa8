#include "services/analytics/src/domain/sale_deltas.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "absl/numeric/int128.h"

namespace sales::analytics::domain {
namespace {

template <typename T, typename F>
int64_t Sum(const std::vector<T>& items, F field) {
  int64_t total = 0;
  for (const T& item : items) total += field(item);
  return total;
}

// Collects deltas per slice member, so that two lines of one product make one delta.
class DeltaSet final {
 public:
  explicit DeltaSet(absl::CivilDay day) : day_(day) {}

  Measures& For(Dimension dimension, const std::string& member) {
    return by_slice_[SliceKey{dimension, member}];
  }

  std::vector<DayDelta> Take() {
    std::vector<DayDelta> out;
    out.reserve(by_slice_.size());
    for (auto& [slice, delta] : by_slice_) out.push_back({day_, slice, delta});
    return out;
  }

 private:
  absl::CivilDay day_;
  std::map<SliceKey, Measures> by_slice_;
};

void AddSale(Measures& m, int64_t units, int64_t gross, int64_t discount, int64_t cost) {
  m[Measure::kUnits] += units;
  m[Measure::kGrossMinor] += gross;
  m[Measure::kDiscountMinor] += discount;
  m[Measure::kNetMinor] += gross - discount;
  m[Measure::kCostMinor] += cost;
}

std::vector<int> Shares(const std::vector<CreditFact>& credits) {
  std::vector<int> shares;
  shares.reserve(credits.size());
  for (const CreditFact& c : credits) shares.push_back(c.share_bp);
  return shares;
}

}  // namespace

bool CountsInRepSlice(std::string_view kind) { return kind != "SALES_CREDIT_KIND_OVERLAY"; }

int64_t OrderFact::Units() const {
  return Sum(lines, [](const LineFact& l) { return l.quantity; });
}
int64_t OrderFact::GrossMinor() const {
  return Sum(lines, [](const LineFact& l) { return l.gross_minor; });
}
int64_t OrderFact::DiscountMinor() const {
  return Sum(lines, [](const LineFact& l) { return l.discount_minor; });
}
int64_t OrderFact::CostMinor() const {
  return Sum(lines, [](const LineFact& l) { return l.cost_minor; });
}
int64_t ReturnFact::Units() const {
  return Sum(lines, [](const ReturnLineFact& l) { return l.quantity; });
}
int64_t ReturnFact::NetMinor() const {
  return Sum(lines, [](const ReturnLineFact& l) { return l.net_minor; });
}
int64_t ReturnFact::CostMinor() const {
  return Sum(lines, [](const ReturnLineFact& l) { return l.cost_minor; });
}

std::vector<DayDelta> OrderDeltas(const OrderFact& order, absl::CivilDay day, bool cancel) {
  DeltaSet set(day);
  const int64_t units = order.Units(), gross = order.GrossMinor(), discount = order.DiscountMinor(),
                cost = order.CostMinor();
  auto add_order = [&](Measures& m) {
    m[Measure::kOrders] += 1;
    AddSale(m, units, gross, discount, cost);
  };
  add_order(set.For(Dimension::kAll, ""));
  add_order(set.For(Dimension::kChannel, order.channel));
  add_order(set.For(Dimension::kRegion, order.region));
  std::map<SliceKey, bool> counted;  // one order per product and category
  for (const LineFact& line : order.lines) {
    for (const SliceKey& key : {SliceKey{Dimension::kProduct, line.product},
                                SliceKey{Dimension::kCategory, line.category}}) {
      Measures& m = set.For(key.dimension, key.member);
      if (!counted[key]) m[Measure::kOrders] += 1;
      counted[key] = true;
      AddSale(m, line.quantity, line.gross_minor, line.discount_minor, line.cost_minor);
    }
  }
  const std::vector<int> shares = Shares(order.credits);
  const std::vector<int64_t> gross_parts = SplitByShares(gross, shares);
  const std::vector<int64_t> discount_parts = SplitByShares(discount, shares);
  const std::vector<int64_t> cost_parts = SplitByShares(cost, shares);
  for (size_t i = 0; i < order.credits.size(); ++i) {
    Measures& m = set.For(Dimension::kRep, order.credits[i].rep);
    m[Measure::kOrders] += 1;
    AddSale(m, units, gross_parts[i], discount_parts[i], cost_parts[i]);
  }
  std::vector<DayDelta> deltas = set.Take();
  if (cancel) {
    for (DayDelta& d : deltas) {
      for (int64_t& v : d.delta.values) v = -v;
      d.delta[Measure::kCancelledOrders] = -d.delta[Measure::kOrders];
    }
  }
  return deltas;
}

std::vector<DayDelta> ReturnDeltas(const ReturnFact& ret, absl::CivilDay day) {
  DeltaSet set(day);
  auto add = [](Measures& m, bool count, int64_t units, int64_t net, int64_t cost) {
    if (count) m[Measure::kReturns] += 1;
    m[Measure::kReturnedUnits] += units;
    m[Measure::kRefundMinor] += net;
    m[Measure::kRefundCostMinor] += cost;
  };
  const int64_t units = ret.Units(), net = ret.NetMinor(), cost = ret.CostMinor();
  add(set.For(Dimension::kAll, ""), true, units, net, cost);
  add(set.For(Dimension::kChannel, ret.channel), true, units, net, cost);
  add(set.For(Dimension::kRegion, ret.region), true, units, net, cost);
  std::map<SliceKey, bool> counted;
  for (const ReturnLineFact& line : ret.lines) {
    for (const SliceKey& key : {SliceKey{Dimension::kProduct, line.product},
                                SliceKey{Dimension::kCategory, line.category}}) {
      add(set.For(key.dimension, key.member), !counted[key], line.quantity, line.net_minor,
          line.cost_minor);
      counted[key] = true;
    }
  }
  const std::vector<int> shares = Shares(ret.credits);
  const std::vector<int64_t> net_parts = SplitByShares(net, shares);
  const std::vector<int64_t> cost_parts = SplitByShares(cost, shares);
  for (size_t i = 0; i < ret.credits.size(); ++i) {
    add(set.For(Dimension::kRep, ret.credits[i].rep), true, units, net_parts[i], cost_parts[i]);
  }
  return set.Take();
}

std::vector<int64_t> SplitByShares(int64_t amount, const std::vector<int>& shares_bp) {
  constexpr absl::int128 kWhole = 10000;
  const bool negative = amount < 0;
  const absl::int128 magnitude = negative ? -static_cast<absl::int128>(amount) : amount;
  const absl::int128 share_sum =
      std::accumulate(shares_bp.begin(), shares_bp.end(), absl::int128{0});
  // Half away from zero on the magnitude.
  const absl::int128 target = (magnitude * share_sum + kWhole / 2) / kWhole;
  std::vector<int64_t> parts(shares_bp.size());
  std::vector<absl::int128> remainders(shares_bp.size());
  absl::int128 given = 0;
  for (size_t i = 0; i < shares_bp.size(); ++i) {
    const absl::int128 quota = magnitude * shares_bp[i];
    parts[i] = static_cast<int64_t>(quota / kWhole);
    remainders[i] = quota % kWhole;
    given += parts[i];
  }
  std::vector<size_t> order(shares_bp.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; given < target && k < order.size(); ++k, ++given) parts[order[k]] += 1;
  if (negative) {
    for (int64_t& p : parts) p = -p;
  }
  return parts;
}

}  // namespace sales::analytics::domain
