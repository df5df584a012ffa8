// salesctl orders ...: taking, reviewing, shipping and closing orders (the import of
// historical orders is in import_command.cc).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = ov1::OrdersService::Stub;

// "LEFT:N" -> {LEFT, N}; INVALID_ARGUMENT naming `field` with `shape` otherwise.
absl::StatusOr<std::pair<std::string, int64_t>> SplitPair(absl::string_view field,
                                                          const std::string& text,
                                                          absl::string_view shape) {
  const size_t colon = text.rfind(':');
  int64_t number = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(absl::string_view(text).substr(colon + 1), &number)) {
    return InvalidField(field, absl::StrCat("'", text, "' must look like ", shape));
  }
  return std::make_pair(text.substr(0, colon), number);
}

void PrintOrder(CliContext& ctx, const ov1::Order& order) {
  PrintItem(ctx, OrderView(ctx), order);
  PrintSection(ctx, "Lines", OrderLineView(ctx), order.lines());
  PrintSection(ctx, "Status history", StatusChangeView(), order.status_history());
  PrintSection(ctx, "Shipments", ShipmentView(), order.shipments());
  if (order.has_delivery()) {
    google::protobuf::RepeatedPtrField<ov1::DeliveryPromise> delivery;
    *delivery.Add() = order.delivery();
    PrintSection(ctx, "Delivery", DeliveryView(), delivery);
  }
}

// A state change of one order: `fill` sets the request's fields, the answer is printed.
template <class Req>
std::function<absl::Status()> OrderChange(CliContext& ctx,
                                          grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                       const Req&, ov1::Order*),
                                          std::function<absl::Status(Req*)> fill) {
  return [&ctx, method, fill]() -> absl::Status {
    Req req;
    if (absl::Status s = fill(&req); !s.ok()) return s;
    req.set_request_id(ctx.RequestId());
    ov1::Order out;
    absl::Status s = ctx.Invoke(method, req, &out);
    if (s.ok()) PrintOrder(ctx, out);
    return s;
  };
}

}  // namespace

void RegisterOrderCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "orders", "Orders: create, review, ship, close, import");
  {
    struct Flags {
      std::string customer, channel, region, warehouse, external_ref;
      std::vector<std::string> lines, credits, promos;
      std::vector<std::string> overlays;
      std::string delivery, scheduled_date;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "create", "Take an order (priced by the service; status received)",
        "salesctl orders create --customer customers/12 --channel web --region east "
        "--warehouse SH1 --line products/3:2 --line products/5:1 --promo SUMMER10",
        [&ctx, f]() -> absl::Status {
          ov1::CreateOrderRequest req;
          ov1::Order* o = req.mutable_order();
          o->set_customer(ResourceName("customers", f->customer));
          auto channel = ParseEnum<ov1::Channel>("--channel", f->channel);
          if (!channel.ok()) return channel.status();
          o->set_channel(*channel);
          o->set_region(f->region);
          o->set_warehouse(f->warehouse);
          o->set_external_ref(f->external_ref);
          for (const std::string& text : f->lines) {
            auto pair = SplitPair("--line", text, "PRODUCT:QUANTITY, e.g. products/3:2");
            if (!pair.ok()) return pair.status();
            ov1::OrderLine* line = o->add_lines();
            line->set_product(ResourceName("products", pair->first));
            line->set_quantity(pair->second);
          }
          for (const std::string& text : f->credits) {
            auto pair = SplitPair("--credit", text, "REP:BASIS_POINTS, e.g. reps/r-7:10000");
            if (!pair.ok()) return pair.status();
            ov1::SalesCredit* credit = o->add_sales_credits();
            credit->set_rep(pair->first);
            credit->set_revenue_share_bp(static_cast<int32_t>(pair->second));
          }
          for (const std::string& text : f->overlays) {
            auto pair = SplitPair("--overlay", text, "REP:BASIS_POINTS, e.g. reps/m-1:10000");
            if (!pair.ok()) return pair.status();
            ov1::SalesCredit* credit = o->add_sales_credits();
            credit->set_rep(pair->first);
            credit->set_revenue_share_bp(static_cast<int32_t>(pair->second));
            credit->set_kind(ov1::SALES_CREDIT_KIND_OVERLAY);
          }
          for (const std::string& code : f->promos) o->add_promotion_codes(code);
          if (!f->delivery.empty()) {
            auto option = ParseEnum<ov1::DeliveryOption>("--delivery", f->delivery);
            if (!option.ok()) return option.status();
            o->mutable_delivery()->set_option(*option);
          }
          if (!f->scheduled_date.empty()) {
            if (o->delivery().option() != ov1::DELIVERY_OPTION_SCHEDULED) {
              return InvalidField("--scheduled_date", "needs --delivery scheduled");
            }
            o->mutable_delivery()->set_scheduled_date(f->scheduled_date);
          }
          req.set_request_id(ctx.RequestId());
          ov1::Order out;
          absl::Status s = ctx.Invoke(&Stub::CreateOrder, req, &out);
          if (s.ok()) PrintOrder(ctx, out);
          return s;
        });
    cmd->add_option("--customer", f->customer, "customers/{id}")->required();
    cmd->add_option("--channel", f->channel, EnumChoices<ov1::Channel>())->required();
    cmd->add_option("--region", f->region, "sales region")->required();
    cmd->add_option("--warehouse", f->warehouse, "warehouse that ships it");
    cmd->add_option("--line", f->lines, "PRODUCT:QUANTITY (repeat per line)")->required();
    cmd->add_option("--credit", f->credits, "REP:BASIS_POINTS sales credit (repeat)");
    cmd->add_option("--overlay", f->overlays,
                    "REP:BASIS_POINTS overlay credit on top of the --credit shares (repeat)");
    cmd->add_option("--promo", f->promos, "promotion code (repeat)");
    cmd->add_option("--external_ref", f->external_ref, "your reference, unique");
    cmd->add_option("--delivery", f->delivery,
                    "delivery promise: " + EnumChoices<ov1::DeliveryOption>() + " (default: none)");
    cmd->add_option("--scheduled_date", f->scheduled_date,
                    "the chosen delivery date with --delivery scheduled, YYYY-MM-DD");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "get", "Show an order with lines, history, shipments",
                               "salesctl orders get orders/40", [&ctx, name]() -> absl::Status {
                                 ov1::GetOrderRequest req;
                                 req.set_name(ResourceName("orders", *name));
                                 ov1::Order out;
                                 absl::Status s = ctx.Invoke(&Stub::GetOrder, req, &out);
                                 if (s.ok()) PrintOrder(ctx, out);
                                 return s;
                               });
    cmd->add_option("name", *name, "orders/{id}")->required();
  }
  {
    struct Flags {
      std::string customer, rep, status, channel, region, start_time, end_time, external_ref;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(*group, ctx, "list", "List orders, newest first",
                               "salesctl orders list --limit 5", [&ctx, f]() -> absl::Status {
                                 ov1::ListOrdersRequest req;
                                 if (!f->customer.empty())
                                   req.set_customer(ResourceName("customers", f->customer));
                                 req.set_rep(f->rep);
                                 req.set_region(f->region);
                                 req.set_external_ref(f->external_ref);
                                 if (!f->status.empty()) {
                                   auto status = ParseEnum<ov1::OrderStatus>("--status", f->status);
                                   if (!status.ok()) return status.status();
                                   req.set_status(*status);
                                 }
                                 if (!f->channel.empty()) {
                                   auto channel = ParseEnum<ov1::Channel>("--channel", f->channel);
                                   if (!channel.ok()) return channel.status();
                                   req.set_channel(*channel);
                                 }
                                 RETURN_IF_ERROR(ParseTimeRange(f->start_time, f->end_time, req));
                                 return ListPages(ctx, &Stub::ListOrders, req,
                                                  &ov1::ListOrdersResponse::orders, OrderView(ctx));
                               });
    cmd->add_option("--customer", f->customer, "only this customer's orders");
    cmd->add_option("--rep", f->rep, "only orders crediting this rep, reps/{id}");
    cmd->add_option("--status", f->status, EnumChoices<ov1::OrderStatus>());
    cmd->add_option("--channel", f->channel, EnumChoices<ov1::Channel>());
    cmd->add_option("--region", f->region, "only this region");
    cmd->add_option("--start_time", f->start_time, "created at or after (time or date)");
    cmd->add_option("--end_time", f->end_time, "created before (time or date)");
    cmd->add_option("--external_ref", f->external_ref, "the order with this reference");
  }

  struct ChangeFlags {
    std::string name, actor, approver, reason, carrier, tracking;
    std::vector<std::string> lines;
  };
  {
    auto f = std::make_shared<ChangeFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "confirm", "Review a received order: confirmed (stock reserved) or in review",
        "salesctl orders confirm orders/40",
        OrderChange<ov1::ConfirmOrderRequest>(ctx, &Stub::ConfirmOrder, [f](auto* req) {
          req->set_name(ResourceName("orders", f->name));
          req->set_actor(f->actor);
          return absl::OkStatus();
        }));
    cmd->add_option("name", f->name, "orders/{id}")->required();
    cmd->add_option("--actor", f->actor, "who confirms");
  }
  {
    auto f = std::make_shared<ChangeFlags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "approve", "Approve an order in review",
                   "salesctl orders approve orders/40 --approver users/anna",
                   OrderChange<ov1::ApproveOrderRequest>(ctx, &Stub::ApproveOrder, [f](auto* req) {
                     req->set_name(ResourceName("orders", f->name));
                     req->set_approver(f->approver);
                     return absl::OkStatus();
                   }));
    cmd->add_option("name", f->name, "orders/{id}")->required();
    cmd->add_option("--approver", f->approver, "who approves")->required();
  }
  {
    auto f = std::make_shared<ChangeFlags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "cancel", "Cancel an order before shipment",
                   "salesctl orders cancel orders/40 --reason 'customer changed their mind'",
                   OrderChange<ov1::CancelOrderRequest>(ctx, &Stub::CancelOrder, [f](auto* req) {
                     req->set_name(ResourceName("orders", f->name));
                     req->set_reason(f->reason);
                     req->set_actor(f->actor);
                     return absl::OkStatus();
                   }));
    cmd->add_option("name", f->name, "orders/{id}")->required();
    cmd->add_option("--reason", f->reason, "why")->required();
    cmd->add_option("--actor", f->actor, "who cancels");
  }
  {
    auto f = std::make_shared<ChangeFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "ship", "Ship some or all remaining units",
        "salesctl orders ship orders/40 --carrier SF --tracking SF1234567 --line 1:2",
        OrderChange<ov1::ShipOrderRequest>(ctx, &Stub::ShipOrder, [f](auto* req) -> absl::Status {
          req->set_name(ResourceName("orders", f->name));
          req->set_carrier(f->carrier);
          req->set_tracking_number(f->tracking);
          for (const std::string& text : f->lines) {
            auto pair = SplitPair("--line", text, "LINE_ID:QUANTITY, e.g. 1:2");
            if (!pair.ok()) return pair.status();
            int32_t line_id = 0;
            if (!absl::SimpleAtoi(pair->first, &line_id)) {
              return InvalidField("--line", absl::StrCat("'", text, "' must start with a line id"));
            }
            ov1::ShipmentLine* line = req->add_lines();
            line->set_line_id(line_id);
            line->set_quantity(pair->second);
          }
          return absl::OkStatus();
        }));
    cmd->add_option("name", f->name, "orders/{id}")->required();
    cmd->add_option("--carrier", f->carrier, "carrier")->required();
    cmd->add_option("--tracking", f->tracking, "tracking number")->required();
    cmd->add_option("--line", f->lines, "LINE_ID:QUANTITY (repeat; default: everything left)");
  }
  {
    auto f = std::make_shared<ChangeFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "deliver", "Mark a shipment delivered",
        "salesctl orders deliver orders/40/shipments/1",
        OrderChange<ov1::DeliverShipmentRequest>(ctx, &Stub::DeliverShipment, [f](auto* req) {
          req->set_name(f->name);
          return absl::OkStatus();
        }));
    cmd->add_option("shipment", f->name, "orders/{id}/shipments/{id}")->required();
  }
  {
    auto f = std::make_shared<ChangeFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "complete", "Close a delivered order", "salesctl orders complete orders/40",
        OrderChange<ov1::CompleteOrderRequest>(ctx, &Stub::CompleteOrder, [f](auto* req) {
          req->set_name(ResourceName("orders", f->name));
          return absl::OkStatus();
        }));
    cmd->add_option("name", f->name, "orders/{id}")->required();
  }
  RegisterImportCommand(*group, ctx);
}

}  // namespace sales::salesctl
