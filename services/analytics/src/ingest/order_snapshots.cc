#include "services/analytics/src/ingest/order_snapshots.h"

#include "common/time_util.h"

namespace sales::analytics::ingest {
namespace {

namespace ev = ::sales::events::v1;

std::vector<domain::CreditFact> Credits(
    const google::protobuf::RepeatedPtrField<ev::CreditShare>& in) {
  std::vector<domain::CreditFact> out;
  out.reserve(static_cast<size_t>(in.size()));
  for (const ev::CreditShare& c : in) {
    if (domain::CountsInRepSlice(c.kind())) out.push_back({c.rep(), c.revenue_share_bp()});
  }
  return out;
}

}  // namespace

domain::OrderFact OrderFactOf(const ev::OrderSnapshot& s) {
  domain::OrderFact f;
  f.order = s.order();
  f.customer = s.customer();
  f.channel = s.channel();
  f.region = s.region();
  f.create_time = FromProtoTime(s.create_time());
  f.imported = s.imported();
  f.lines.reserve(static_cast<size_t>(s.lines_size()));
  for (const ev::LineSnapshot& l : s.lines()) {
    f.lines.push_back({l.line_id(), l.product(), l.category(), l.quantity(), l.subtotal_minor(),
                       l.discount_minor(), l.cost_minor()});
  }
  f.credits = Credits(s.credits());
  return f;
}

domain::ReturnFact ReturnFactOf(const ev::Event& event) {
  const ev::ReturnResolved& r = event.return_resolved();
  domain::ReturnFact ret;
  ret.return_name = r.return_name();
  ret.order = r.order();
  ret.customer = r.customer();
  ret.channel = r.channel();
  ret.region = r.region();
  ret.resolve_time =
      r.has_resolve_time() ? FromProtoTime(r.resolve_time()) : FromProtoTime(event.occur_time());
  for (const ev::RefundLine& l : r.lines()) {
    ret.lines.push_back({l.product(), l.category(), l.quantity(), l.net_minor(), l.cost_minor()});
  }
  ret.credits = Credits(r.credits());
  ret.restocked = r.disposition() != "DISPOSITION_SCRAP";
  return ret;
}

}  // namespace sales::analytics::ingest
