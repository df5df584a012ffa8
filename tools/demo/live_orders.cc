#include "tools/demo/live_orders.h"

#include <atomic>
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/demo/people.h"
#include "tools/demo/returns.h"

namespace sales::demo {
namespace {

namespace ov1 = ::sales::orders::v1;
namespace cv1 = ::sales::customers::v1;

struct Counters {
  std::atomic<int64_t> created{0}, received{0}, in_review{0}, confirmed{0}, shipped{0},
      delivered{0}, completed{0}, cancelled{0}, shipments{0}, returns{0}, returns_rejected{0},
      returns_restocked{0}, returns_scrapped{0}, refunds_minor{0}, csat_answers{0};
};

// One live order's way through the service, each step with its own request_id.
class LiveOrder final {
 public:
  LiveOrder(const DemoOptions& options, Clients& clients, const Catalogue& catalogue,
            const std::vector<CustomerPlan>& customers, const OrderPlan& plan, Counters& counters)
      : options_(options),
        clients_(clients),
        catalogue_(catalogue),
        customers_(customers),
        plan_(plan),
        counters_(counters),
        key_(absl::StrCat("order-", plan.serial)) {}

  absl::Status Run() {
    RETURN_IF_ERROR(Create());
    if (plan_.fate == LiveFate::kCancelledReceived)
      return Cancel("customer cancelled before confirmation");
    if (plan_.fate == LiveFate::kReceived) {
      ++counters_.received;
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(Confirm());
    if (plan_.fate == LiveFate::kCancelledConfirmed) {
      return Cancel("delivery address outside the courier's area");
    }
    if (plan_.fate == LiveFate::kConfirmed) {
      ++counters_.confirmed;
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(Ship());
    if (plan_.fate == LiveFate::kShipped) {
      ++counters_.shipped;
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(Deliver());
    if (plan_.fate == LiveFate::kCompleted) {
      RETURN_IF_ERROR(Step("CompleteOrder", [&](grpc::ClientContext* ctx) {
        ov1::CompleteOrderRequest req;
        req.set_name(order_.name());
        req.set_request_id(Id("complete"));
        return clients_.orders->CompleteOrder(ctx, req, &order_);
      }));
      ++counters_.completed;
    } else {
      ++counters_.delivered;
    }
    if (plan_.ret.wanted) RETURN_IF_ERROR(Return());
    if (plan_.csat > 0) RETURN_IF_ERROR(Csat());
    return absl::OkStatus();
  }

 private:
  std::string Id(const std::string& step) const {
    return RequestId(options_, absl::StrCat(key_, "-", step));
  }

  absl::Status Step(const char* what,
                    const std::function<grpc::Status(grpc::ClientContext*)>& call) {
    return FromGrpc(absl::StrCat(what, " (", key_, ")"), CallWithRetry(call));
  }

  std::string Actor() const {
    return plan_.credits.empty() ? std::string("system") : RepName(plan_.credits.front().first);
  }

  absl::Status Create() {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customers_[plan_.customer].name);
    o->set_channel(static_cast<ov1::Channel>(plan_.channel + 1));
    o->set_region(kRegions[plan_.region]);
    o->set_warehouse(kWarehouses[plan_.warehouse]);
    for (const auto& [rep, bp] : plan_.credits) {
      ov1::SalesCredit* credit = o->add_sales_credits();
      credit->set_rep(RepName(rep));
      credit->set_revenue_share_bp(bp);
    }
    for (const LinePlan& l : plan_.lines) {
      ov1::OrderLine* line = o->add_lines();
      line->set_product(catalogue_.products[l.product].name);
      line->set_quantity(l.quantity);
    }
    req.set_request_id(Id("create"));
    RETURN_IF_ERROR(Step("CreateOrder", [&](grpc::ClientContext* ctx) {
      return clients_.orders->CreateOrder(ctx, req, &order_);
    }));
    ++counters_.created;
    return absl::OkStatus();
  }

  absl::Status Confirm() {
    RETURN_IF_ERROR(Step("ConfirmOrder", [&](grpc::ClientContext* ctx) {
      ov1::ConfirmOrderRequest req;
      req.set_name(order_.name());
      req.set_actor(Actor());
      req.set_request_id(Id("confirm"));
      return clients_.orders->ConfirmOrder(ctx, req, &order_);
    }));
    if (order_.status() == ov1::ORDER_STATUS_IN_REVIEW) {
      ++counters_.in_review;
      RETURN_IF_ERROR(Step("ApproveOrder", [&](grpc::ClientContext* ctx) {
        ov1::ApproveOrderRequest req;
        req.set_name(order_.name());
        req.set_approver(absl::StrCat("sales-manager-", kRegions[plan_.region]));
        req.set_request_id(Id("approve"));
        return clients_.orders->ApproveOrder(ctx, req, &order_);
      }));
    }
    return absl::OkStatus();
  }

  absl::Status Cancel(const char* reason) {
    RETURN_IF_ERROR(Step("CancelOrder", [&](grpc::ClientContext* ctx) {
      ov1::CancelOrderRequest req;
      req.set_name(order_.name());
      req.set_reason(reason);
      req.set_actor(Actor());
      req.set_request_id(Id("cancel"));
      return clients_.orders->CancelOrder(ctx, req, &order_);
    }));
    ++counters_.cancelled;
    return absl::OkStatus();
  }

  absl::Status Ship() {
    static const char* kCarriers[] = {"SF Express", "JD Logistics", "ZTO Express", "YTO Express"};
    const char* carrier = kCarriers[plan_.serial % 4];
    const int parts = plan_.partial_shipment ? 2 : 1;
    for (int part = 0; part < parts; ++part) {
      RETURN_IF_ERROR(Step("ShipOrder", [&](grpc::ClientContext* ctx) {
        ov1::ShipOrderRequest req;
        req.set_name(order_.name());
        req.set_carrier(carrier);
        req.set_tracking_number(absl::StrFormat(
            "%c%c%010d-%d", carrier[0], carrier[1] == 'F' ? 'F' : 'X', plan_.serial, part + 1));
        if (plan_.partial_shipment && part == 0) {
          ov1::ShipmentLine* line = req.add_lines();
          line->set_line_id(1);
          line->set_quantity(plan_.lines.front().quantity);
        }
        req.set_request_id(Id(absl::StrCat("ship-", part + 1)));
        return clients_.orders->ShipOrder(ctx, req, &order_);
      }));
      ++counters_.shipments;
    }
    return absl::OkStatus();
  }

  absl::Status Deliver() {
    std::vector<std::string> shipments;
    for (const ov1::Shipment& s : order_.shipments()) shipments.push_back(s.name());
    for (size_t k = 0; k < shipments.size(); ++k) {
      RETURN_IF_ERROR(Step("DeliverShipment", [&](grpc::ClientContext* ctx) {
        ov1::DeliverShipmentRequest req;
        req.set_name(shipments[k]);
        req.set_request_id(Id(absl::StrCat("deliver-", k + 1)));
        return clients_.orders->DeliverShipment(ctx, req, &order_);
      }));
    }
    return absl::OkStatus();
  }

  absl::Status Return() {
    ASSIGN_OR_RETURN(const ReturnOutcome outcome,
                     RunReturn(options_, clients_, order_.name(), plan_.ret, key_));
    ++counters_.returns;
    if (outcome.rejected) {
      ++counters_.returns_rejected;
    } else {
      (outcome.scrapped ? counters_.returns_scrapped : counters_.returns_restocked)++;
      counters_.refunds_minor += outcome.refund_minor;
    }
    return absl::OkStatus();
  }

  absl::Status Csat() {
    static const char* kComments[] = {"",
                                      "very disappointed",
                                      "not great",
                                      "it was fine",
                                      "quick delivery",
                                      "excellent service, will buy again"};
    cv1::CreateSurveyResponseRequest req;
    cv1::SurveyResponse* s = req.mutable_survey_response();
    s->set_customer(customers_[plan_.customer].name);
    s->set_kind(cv1::SURVEY_KIND_CSAT);
    s->set_score(plan_.csat);
    s->set_order(order_.name());
    s->set_comment(kComments[plan_.csat]);
    req.set_request_id(Id("csat"));
    cv1::SurveyResponse out;
    RETURN_IF_ERROR(FromGrpc(absl::StrCat("CreateSurveyResponse (", key_, ")"),
                             CallWithRetry([&](grpc::ClientContext* ctx) {
                               return clients_.customers->CreateSurveyResponse(ctx, req, &out);
                             })));
    ++counters_.csat_answers;
    return absl::OkStatus();
  }

  const DemoOptions& options_;
  Clients& clients_;
  const Catalogue& catalogue_;
  const std::vector<CustomerPlan>& customers_;
  const OrderPlan& plan_;
  Counters& counters_;
  const std::string key_;
  ov1::Order order_;
};

}  // namespace

absl::StatusOr<LiveReport> RunLiveOrders(const DemoOptions& options, Clients& clients,
                                         Progress& progress, const Catalogue& catalogue,
                                         const std::vector<CustomerPlan>& customers,
                                         const std::vector<OrderPlan>& live) {
  Counters c;
  progress.Begin("live orders", static_cast<int64_t>(live.size()));
  RETURN_IF_ERROR(ParallelFor(live.size(), options.workers, [&](size_t i) -> absl::Status {
    RETURN_IF_ERROR(LiveOrder(options, clients, catalogue, customers, live[i], c).Run());
    progress.Add();
    return absl::OkStatus();
  }));
  progress.End();
  LiveReport r;
  r.created = c.created;
  r.received = c.received;
  r.in_review = c.in_review;
  r.confirmed = c.confirmed;
  r.shipped = c.shipped;
  r.delivered = c.delivered;
  r.completed = c.completed;
  r.cancelled = c.cancelled;
  r.shipments = c.shipments;
  r.returns = c.returns;
  r.returns_rejected = c.returns_rejected;
  r.returns_restocked = c.returns_restocked;
  r.returns_scrapped = c.returns_scrapped;
  r.refunds_minor = c.refunds_minor;
  r.csat_answers = c.csat_answers;
  return r;
}

}  // namespace sales::demo
