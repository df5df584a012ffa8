// salesctl returns ...: returns and exchanges of delivered units.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = ov1::OrdersService::Stub;

void PrintReturn(CliContext& ctx, const ov1::Return& r) { PrintItem(ctx, ReturnView(ctx), r); }

}  // namespace

void RegisterReturnCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "returns", "Returns and exchanges");
  {
    struct Flags {
      std::string order, reason;
      std::vector<std::string> lines;
      bool exchange = false;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "create", "Request a return (or exchange) of delivered units",
        "salesctl returns create --order orders/40 --line 1:1 --reason 'wrong size' --exchange",
        [&ctx, f]() -> absl::Status {
          ov1::CreateReturnRequest req;
          ov1::Return* r = req.mutable_order_return();
          r->set_order(ResourceName("orders", f->order));
          r->set_reason(f->reason);
          r->set_exchange(f->exchange);
          for (const std::string& text : f->lines) {
            const size_t colon = text.find(':');
            int32_t line_id = 0;
            int64_t quantity = 0;
            if (colon == std::string::npos ||
                !absl::SimpleAtoi(absl::string_view(text).substr(0, colon), &line_id) ||
                !absl::SimpleAtoi(absl::string_view(text).substr(colon + 1), &quantity)) {
              return InvalidField("--line",
                                  absl::StrCat("'", text, "' must look like LINE_ID:QUANTITY"));
            }
            ov1::ReturnLine* line = r->add_lines();
            line->set_line_id(line_id);
            line->set_quantity(quantity);
          }
          req.set_request_id(ctx.RequestId());
          ov1::Return out;
          absl::Status s = ctx.Invoke(&Stub::CreateReturn, req, &out);
          if (s.ok()) PrintReturn(ctx, out);
          return s;
        });
    cmd->add_option("--order", f->order, "orders/{id}")->required();
    cmd->add_option("--line", f->lines, "LINE_ID:QUANTITY (repeat)")->required();
    cmd->add_option("--reason", f->reason, "why")->required();
    cmd->add_flag("--exchange", f->exchange, "replace the goods instead of refunding");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "get", "Show a return",
                               "salesctl returns get returns/4", [&ctx, name]() -> absl::Status {
                                 ov1::GetReturnRequest req;
                                 req.set_name(ResourceName("returns", *name));
                                 ov1::Return out;
                                 absl::Status s = ctx.Invoke(&Stub::GetReturn, req, &out);
                                 if (s.ok()) PrintReturn(ctx, out);
                                 return s;
                               });
    cmd->add_option("name", *name, "returns/{id}")->required();
  }
  {
    struct Flags {
      std::string order, status, start_time, end_time;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "list", "List returns, oldest first",
                   "salesctl returns list --status requested", [&ctx, f]() -> absl::Status {
                     ov1::ListReturnsRequest req;
                     if (!f->order.empty()) req.set_order(ResourceName("orders", f->order));
                     if (!f->status.empty()) {
                       auto status = ParseEnum<ov1::ReturnStatus>("--status", f->status);
                       if (!status.ok()) return status.status();
                       req.set_status(*status);
                     }
                     RETURN_IF_ERROR(ParseTimeRange(f->start_time, f->end_time, req));
                     return ListPages(ctx, &Stub::ListReturns, req,
                                      &ov1::ListReturnsResponse::returns, ReturnView(ctx));
                   });
    cmd->add_option("--order", f->order, "only returns of this order");
    cmd->add_option("--status", f->status, EnumChoices<ov1::ReturnStatus>());
    cmd->add_option("--start_time", f->start_time, "requested at or after (time or date)");
    cmd->add_option("--end_time", f->end_time, "requested before (time or date)");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "receive", "Record that the goods came back",
                   "salesctl returns receive returns/4", [&ctx, name]() -> absl::Status {
                     ov1::ReceiveReturnRequest req;
                     req.set_name(ResourceName("returns", *name));
                     req.set_request_id(ctx.RequestId());
                     ov1::Return out;
                     absl::Status s = ctx.Invoke(&Stub::ReceiveReturn, req, &out);
                     if (s.ok()) PrintReturn(ctx, out);
                     return s;
                   });
    cmd->add_option("name", *name, "returns/{id}")->required();
  }
  {
    struct Flags {
      std::string name, disposition;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "resolve", "Restock or scrap the goods and refund (or replace)",
        "salesctl returns resolve returns/4 --disposition restock", [&ctx, f]() -> absl::Status {
          ov1::ResolveReturnRequest req;
          req.set_name(ResourceName("returns", f->name));
          auto disposition = ParseEnum<ov1::Disposition>("--disposition", f->disposition);
          if (!disposition.ok()) return disposition.status();
          req.set_disposition(*disposition);
          req.set_request_id(ctx.RequestId());
          ov1::Return out;
          absl::Status s = ctx.Invoke(&Stub::ResolveReturn, req, &out);
          if (s.ok()) PrintReturn(ctx, out);
          return s;
        });
    cmd->add_option("name", f->name, "returns/{id}")->required();
    cmd->add_option("--disposition", f->disposition, EnumChoices<ov1::Disposition>())->required();
  }
  {
    struct Flags {
      std::string name, reason;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "reject", "Reject a requested return",
                   "salesctl returns reject returns/4 --reason 'outside the return window'",
                   [&ctx, f]() -> absl::Status {
                     ov1::RejectReturnRequest req;
                     req.set_name(ResourceName("returns", f->name));
                     req.set_reason(f->reason);
                     req.set_request_id(ctx.RequestId());
                     ov1::Return out;
                     absl::Status s = ctx.Invoke(&Stub::RejectReturn, req, &out);
                     if (s.ok()) PrintReturn(ctx, out);
                     return s;
                   });
    cmd->add_option("name", f->name, "returns/{id}")->required();
    cmd->add_option("--reason", f->reason, "why")->required();
  }
}

}  // namespace sales::salesctl
