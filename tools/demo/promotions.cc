#include "tools/demo/promotions.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tools/demo/calendar.h"
#include "tools/demo/money.h"

namespace sales::demo {
namespace {

namespace ov1 = ::sales::orders::v1;

const std::vector<std::string> kElectronics = {"phones", "laptops", "audio", "wearables",
                                               "home-appliances"};

}  // namespace

bool PromotionPlan::Eligible(const std::string& category) const {
  return categories.empty() ||
         std::find(categories.begin(), categories.end(), category) != categories.end();
}

std::vector<PromotionPlan> PlanPromotions(const DemoOptions& options) {
  const DemoPeriod& p = options.period;
  std::vector<PromotionPlan> out;
  for (const Holiday& h : HolidaysBetween(p.first, p.last)) {
    PromotionPlan pr;
    pr.key = absl::StrCat(h.key, "-", h.year);
    pr.first = h.campaign_first;
    pr.last = h.campaign_last;
    if (h.key == "spring-festival") {
      pr.code = absl::StrCat("SPRING", h.year);
      pr.display_name = absl::StrCat(h.title, ": 15% off tea, food gifts and kitchen");
      pr.percent_off_bp = 1500;
      pr.categories = {"tea", "food-gifts", "kitchen"};
      pr.code_use = 0.5;
    } else if (h.key == "618") {
      pr.display_name = absl::StrCat(h.title, ": 50 off every order from 300");
      pr.kind = ov1::PROMOTION_KIND_ORDER_THRESHOLD;
      pr.amount_off = 50 * MinorPerMajor(options);
      pr.threshold = 300 * MinorPerMajor(options);
    } else if (h.key == "double-11") {
      pr.display_name = absl::StrCat(h.title, ": 12% off electronics");
      pr.percent_off_bp = 1200;
      pr.categories = kElectronics;
    } else {
      pr.code = absl::StrCat("D12-", h.year);
      pr.display_name = absl::StrCat(h.title, ": 10% off with the code");
      pr.percent_off_bp = 1000;
      pr.code_use = 0.4;
    }
    out.push_back(std::move(pr));
  }
  // Running in the live window and for two weeks after it.
  PromotionPlan live;
  live.key = absl::StrCat("members-week-", absl::FormatCivilTime(p.live_first));
  live.display_name = "Members' weeks: 8% off kitchen and home appliances";
  live.percent_off_bp = 800;
  live.categories = {"kitchen", "home-appliances"};
  live.first = p.live_first;
  live.last = p.last + 14;
  out.push_back(std::move(live));
  return out;
}

void ApplyPromotions(const std::vector<PromotionPlan>& promotions, absl::CivilDay d, Random& rng,
                     std::vector<PricedLine>& lines) {
  for (const PromotionPlan& pr : promotions) {
    if (!pr.Covers(d)) continue;
    if (!pr.code.empty() && !rng.Chance(pr.code_use)) continue;
    if (pr.kind == ov1::PROMOTION_KIND_PERCENT_OFF) {
      for (PricedLine& l : lines) {
        if (!pr.Eligible(l.category)) continue;
        l.discount += PercentOf(l.subtotal - l.discount, pr.percent_off_bp);
      }
      continue;
    }
    // ORDER_THRESHOLD with a fixed amount: largest remainder over the eligible lines.
    int64_t eligible = 0;
    for (const PricedLine& l : lines) {
      if (pr.Eligible(l.category)) eligible += l.subtotal - l.discount;
    }
    if (eligible < pr.threshold || eligible == 0) continue;
    const int64_t amount = std::min(pr.amount_off, eligible);
    std::vector<std::pair<int64_t, size_t>> remainders;
    int64_t given = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!pr.Eligible(lines[i].category)) continue;
      // amount <= eligible, a few thousand yuan in minor units: the product fits in int64.
      const int64_t exact = amount * (lines[i].subtotal - lines[i].discount);
      const int64_t part = static_cast<int64_t>(exact / eligible);
      remainders.emplace_back(-(exact % eligible), i);
      lines[i].discount += part;
      given += part;
    }
    std::sort(remainders.begin(), remainders.end());
    for (size_t k = 0; given < amount && k < remainders.size(); ++k, ++given) {
      lines[remainders[k].second].discount += 1;
    }
  }
}

}  // namespace sales::demo
