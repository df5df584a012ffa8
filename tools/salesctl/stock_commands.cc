// salesctl stock ...: stock per warehouse, receipts, corrections, transfers and movements.
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = ov1::OrdersService::Stub;

}  // namespace

void RegisterStockCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "stock", "Stock per warehouse");
  struct Flags {
    std::string product, warehouse, to_warehouse, reason, actor, kind, start_time, end_time;
    int64_t quantity = 0;
  };
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "receive", "Add received units to a warehouse",
        "salesctl stock receive products/3 --warehouse SH1 --quantity 40 --reason PO-2291",
        [&ctx, f]() -> absl::Status {
          ov1::ReceiveStockRequest req;
          req.set_product(ResourceName("products", f->product));
          req.set_warehouse(f->warehouse);
          req.set_quantity(f->quantity);
          req.set_reason(f->reason);
          req.set_actor(f->actor);
          req.set_request_id(ctx.RequestId());
          ov1::StockLevel out;
          absl::Status s = ctx.Invoke(&Stub::ReceiveStock, req, &out);
          if (s.ok()) PrintItem(ctx, StockLevelView(), out);
          return s;
        });
    cmd->add_option("product", f->product, "products/{id}")->required();
    cmd->add_option("--warehouse", f->warehouse, "warehouse code")->required();
    cmd->add_option("--quantity", f->quantity, "units received")->required();
    cmd->add_option("--reason", f->reason, "reference, e.g. a purchase order");
    cmd->add_option("--actor", f->actor, "who received the goods");
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "adjust", "Correct on-hand units up or down",
        "salesctl stock adjust products/3 --warehouse SH1 --quantity -2 --reason 'damaged'",
        [&ctx, f]() -> absl::Status {
          ov1::AdjustStockRequest req;
          req.set_product(ResourceName("products", f->product));
          req.set_warehouse(f->warehouse);
          req.set_quantity_delta(f->quantity);
          req.set_reason(f->reason);
          req.set_actor(f->actor);
          req.set_request_id(ctx.RequestId());
          ov1::StockLevel out;
          absl::Status s = ctx.Invoke(&Stub::AdjustStock, req, &out);
          if (s.ok()) PrintItem(ctx, StockLevelView(), out);
          return s;
        });
    cmd->add_option("product", f->product, "products/{id}")->required();
    cmd->add_option("--warehouse", f->warehouse, "warehouse code")->required();
    cmd->add_option("--quantity", f->quantity, "signed change of on-hand units")->required();
    cmd->add_option("--reason", f->reason, "why")->required();
    cmd->add_option("--actor", f->actor, "who made the correction");
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "transfer", "Move available units between warehouses",
        "salesctl stock transfer products/3 --from SH1 --to BJ1 --quantity 10",
        [&ctx, f]() -> absl::Status {
          ov1::TransferStockRequest req;
          req.set_product(ResourceName("products", f->product));
          req.set_from_warehouse(f->warehouse);
          req.set_to_warehouse(f->to_warehouse);
          req.set_quantity(f->quantity);
          req.set_reason(f->reason);
          req.set_actor(f->actor);
          req.set_request_id(ctx.RequestId());
          ov1::TransferStockResponse out;
          absl::Status s = ctx.Invoke(&Stub::TransferStock, req, &out);
          if (!s.ok()) return s;
          if (ctx.mode() == OutputMode::kJson) {
            ctx.out() << JsonLine(out) << "\n";
          } else {
            PrintItems(ctx, StockLevelView(), std::vector<ov1::StockLevel>{out.from(), out.to()});
          }
          return s;
        });
    cmd->add_option("product", f->product, "products/{id}")->required();
    cmd->add_option("--from", f->warehouse, "source warehouse")->required();
    cmd->add_option("--to", f->to_warehouse, "destination warehouse")->required();
    cmd->add_option("--quantity", f->quantity, "units to move")->required();
    cmd->add_option("--reason", f->reason, "why");
    cmd->add_option("--actor", f->actor, "who moved the goods");
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(*group, ctx, "list", "List stock levels of a product or a warehouse",
                               "salesctl stock list --warehouse SH1", [&ctx, f]() -> absl::Status {
                                 ov1::ListStockLevelsRequest req;
                                 if (!f->product.empty())
                                   req.set_product(ResourceName("products", f->product));
                                 req.set_warehouse(f->warehouse);
                                 return ListPages(ctx, &Stub::ListStockLevels, req,
                                                  &ov1::ListStockLevelsResponse::stock_levels,
                                                  StockLevelView());
                               });
    cmd->add_option("--product", f->product, "only this product, products/{id}");
    cmd->add_option("--warehouse", f->warehouse, "only this warehouse");
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "movements", "List the stock movements of a product, oldest first",
        "salesctl stock movements products/3 --warehouse SH1 --kind reserved",
        [&ctx, f]() -> absl::Status {
          ov1::ListStockMovementsRequest req;
          req.set_product(ResourceName("products", f->product));
          req.set_warehouse(f->warehouse);
          if (!f->kind.empty()) {
            auto kind = ParseEnum<ov1::StockMovementKind>("--kind", f->kind);
            if (!kind.ok()) return kind.status();
            req.set_kind(*kind);
          }
          RETURN_IF_ERROR(ParseTimeRange(f->start_time, f->end_time, req));
          return ListPages(ctx, &Stub::ListStockMovements, req,
                           &ov1::ListStockMovementsResponse::stock_movements, StockMovementView());
        });
    cmd->add_option("product", f->product, "products/{id}")->required();
    cmd->add_option("--warehouse", f->warehouse, "only this warehouse");
    cmd->add_option("--kind", f->kind, EnumChoices<ov1::StockMovementKind>());
    cmd->add_option("--start_time", f->start_time, "made at or after (time or date)");
    cmd->add_option("--end_time", f->end_time, "made before (time or date)");
  }
}

}  // namespace sales::salesctl
