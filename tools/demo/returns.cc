#include "tools/demo/returns.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace sales::demo {

namespace ov1 = ::sales::orders::v1;

absl::StatusOr<ReturnOutcome> RunReturn(const DemoOptions& options, Clients& clients,
                                        const std::string& order, const ReturnPlan& plan,
                                        const std::string& key) {
  auto id = [&](const char* step) { return RequestId(options, absl::StrCat(key, "-", step)); };
  auto what = [&](const char* method) { return absl::StrCat(method, " (", key, ")"); };
  ov1::Return ret;
  ov1::CreateReturnRequest create;
  create.mutable_order_return()->set_order(order);
  ov1::ReturnLine* line = create.mutable_order_return()->add_lines();
  line->set_line_id(plan.line);
  line->set_quantity(plan.quantity);
  create.mutable_order_return()->set_reason(plan.reason);
  create.set_request_id(id("return"));
  RETURN_IF_ERROR(FromGrpc(what("CreateReturn"), CallWithRetry([&](grpc::ClientContext* ctx) {
                             return clients.orders->CreateReturn(ctx, create, &ret);
                           })));
  ReturnOutcome outcome;
  if (plan.rejected) {
    ov1::RejectReturnRequest req;
    req.set_name(ret.name());
    req.set_reason("the item shows signs of use; outside the return policy");
    req.set_request_id(id("return-reject"));
    RETURN_IF_ERROR(FromGrpc(what("RejectReturn"), CallWithRetry([&](grpc::ClientContext* ctx) {
                               return clients.orders->RejectReturn(ctx, req, &ret);
                             })));
    outcome.rejected = true;
    return outcome;
  }
  ov1::ReceiveReturnRequest receive;
  receive.set_name(ret.name());
  receive.set_request_id(id("return-receive"));
  RETURN_IF_ERROR(FromGrpc(what("ReceiveReturn"), CallWithRetry([&](grpc::ClientContext* ctx) {
                             return clients.orders->ReceiveReturn(ctx, receive, &ret);
                           })));
  ov1::ResolveReturnRequest resolve;
  resolve.set_name(ret.name());
  resolve.set_disposition(plan.scrap ? ov1::DISPOSITION_SCRAP : ov1::DISPOSITION_RESTOCK);
  resolve.set_request_id(id("return-resolve"));
  RETURN_IF_ERROR(FromGrpc(what("ResolveReturn"), CallWithRetry([&](grpc::ClientContext* ctx) {
                             return clients.orders->ResolveReturn(ctx, resolve, &ret);
                           })));
  outcome.scrapped = plan.scrap;
  outcome.refund_minor = ret.refund_total().minor_units();
  return outcome;
}

}  // namespace sales::demo
