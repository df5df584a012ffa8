#include "tools/demo/history_import.h"

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "google/protobuf/timestamp.pb.h"
#include "tools/demo/money.h"
#include "tools/demo/people.h"

namespace sales::demo {
namespace {

namespace ov1 = ::sales::orders::v1;

// A stream is one call, and a service ends every call at its --default_deadline_ms (30 s by
// default) however long the client allows: streams of a few thousand orders finish well
// within it, two at a time.
constexpr size_t kOrdersPerStream = 3000;
constexpr int kConcurrentStreams = 2;
constexpr int kAttempts = 4;

ov1::ImportedOrder ImportedOf(const DemoOptions& options, const Catalogue& catalogue,
                              const std::vector<CustomerPlan>& customers, const OrderPlan& o) {
  ov1::ImportedOrder m;
  m.set_external_ref(HistoryRef(options, o.serial));
  m.set_customer(customers[o.customer].name);
  m.set_channel(static_cast<ov1::Channel>(o.channel + 1));
  m.set_region(kRegions[o.region]);
  m.set_warehouse(kWarehouses[o.warehouse]);
  for (const auto& [rep, bp] : o.credits) {
    ov1::SalesCredit* credit = m.add_sales_credits();
    credit->set_rep(RepName(rep));
    credit->set_revenue_share_bp(bp);
  }
  for (const LinePlan& l : o.lines) {
    ov1::OrderLine* line = m.add_lines();
    line->set_product(catalogue.products[l.product].name);
    line->set_quantity(l.quantity);
    SetMoney(line->mutable_unit_price(), options, l.unit_price);
    SetMoney(line->mutable_unit_cost(), options, l.unit_cost);
    SetMoney(line->mutable_discount_total(), options, l.discount);
    SetMoney(line->mutable_tax(), options, l.tax);
  }
  m.set_status(o.status);
  const absl::Time created = options.period.At(o.day, o.second);
  const absl::Time closed = HistoryCloseTime(options, o);
  SetTimestamp(m.mutable_create_time(), created);
  SetTimestamp(m.mutable_close_time(), closed);
  if (HistoryReturnImported(o)) {
    ov1::ImportedReturn* r = m.add_returns();
    r->set_external_ref(absl::StrCat(m.external_ref(), "-R1"));
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(o.ret.line);
    line->set_quantity(o.ret.quantity);
    r->set_reason(o.ret.reason);
    r->set_disposition(o.ret.scrap ? ov1::DISPOSITION_SCRAP : ov1::DISPOSITION_RESTOCK);
    const absl::Time requested = closed + absl::Seconds(o.return_after_seconds);
    SetTimestamp(r->mutable_request_time(), requested);
    SetTimestamp(r->mutable_resolve_time(), requested + absl::Seconds(o.resolve_after_seconds));
  }
  return m;
}

}  // namespace

bool HistoryReturnImported(const OrderPlan& o) { return o.ret.wanted && !o.ret.rejected; }

absl::Time HistoryCloseTime(const DemoOptions& options, const OrderPlan& o) {
  return options.period.At(o.day, o.second) + absl::Seconds(o.close_after_seconds);
}

absl::StatusOr<std::map<std::string, std::string>> HistoryOrderNames(
    const DemoOptions& options, Clients& clients, const std::set<std::string>& refs) {
  std::map<std::string, std::string> names;
  if (refs.empty()) return names;
  const DemoPeriod& p = options.period;
  ov1::ListOrdersRequest req;
  req.set_page_size(1000);
  SetTimestamp(req.mutable_start_time(), p.At(p.first, 0));
  SetTimestamp(req.mutable_end_time(), p.At(p.live_first, 0));
  do {
    ov1::ListOrdersResponse resp;
    RETURN_IF_ERROR(FromGrpc("ListOrders", CallWithRetry([&](grpc::ClientContext* ctx) {
                               return clients.orders->ListOrders(ctx, req, &resp);
                             })));
    for (const ov1::Order& o : resp.orders()) {
      if (refs.count(o.external_ref()) > 0) names[o.external_ref()] = o.name();
    }
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty() && names.size() < refs.size());
  return names;
}

std::string HistoryRef(const DemoOptions& options, int64_t serial) {
  return absl::StrFormat("D%d-%07d", options.seed, serial);
}

void SetTimestamp(google::protobuf::Timestamp* ts, absl::Time t) {
  const int64_t micros = absl::ToUnixMicros(t);
  ts->set_seconds(micros / 1000000);
  ts->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

absl::StatusOr<ImportReport> ImportHistory(const DemoOptions& options, Clients& clients,
                                           Progress& progress, const Catalogue& catalogue,
                                           const std::vector<CustomerPlan>& customers,
                                           const std::vector<OrderPlan>& history) {
  ImportReport report;
  std::mutex mu;
  progress.Begin("import orders", static_cast<int64_t>(history.size()));
  const size_t streams = (history.size() + kOrdersPerStream - 1) / kOrdersPerStream;
  RETURN_IF_ERROR(ParallelFor(streams, kConcurrentStreams, [&](size_t s) -> absl::Status {
    const size_t from = s * kOrdersPerStream;
    const size_t to = std::min(history.size(), from + kOrdersPerStream);
    grpc::Status status;
    ov1::ImportOrdersResponse resp;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      resp.Clear();
      auto ctx = CallContext(std::chrono::seconds(30));
      std::unique_ptr<grpc::ClientWriter<ov1::ImportOrdersRequest>> writer(
          clients.orders->ImportOrders(ctx.get(), &resp));
      ov1::ImportOrdersRequest req;
      for (size_t i = from; i < to; ++i) {
        *req.mutable_order() = ImportedOf(options, catalogue, customers, history[i]);
        if (!writer->Write(req)) break;
        if (attempt == 1) progress.Add();
      }
      writer->WritesDone();
      status = writer->Finish();
      if (status.ok() || (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
                          status.error_code() != grpc::StatusCode::ABORTED &&
                          status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED)) {
        break;
      }
      // The stream broke or ran out of time: send it again. The batches that committed are
      // skipped by external_ref (and counted as skipped, like those of an earlier run).
    }
    RETURN_IF_ERROR(FromGrpc("ImportOrders", status));
    std::lock_guard<std::mutex> lock(mu);
    report.sent += static_cast<int64_t>(to - from);
    report.imported += resp.imported();
    report.skipped += resp.skipped();
    report.refused += resp.errors_size();
    for (const ov1::ImportError& e : resp.errors()) {
      if (report.first_refusals.size() < 5) {
        report.first_refusals.push_back(absl::StrCat(e.external_ref(), ": ", e.message()));
      }
    }
    return absl::OkStatus();
  }));
  progress.End();
  return report;
}

}  // namespace sales::demo
