// salesctl products ...: the catalogue and its price history.
#include "absl/strings/str_cat.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = ov1::OrdersService::Stub;

struct ProductFlags {
  std::string name, sku, display_name, category, unit, list_price, unit_cost, active;
  int64_t reorder_point = 0;
  CLI::Option* display_name_opt = nullptr;
  CLI::Option* category_opt = nullptr;
  CLI::Option* unit_opt = nullptr;
  CLI::Option* list_price_opt = nullptr;
  CLI::Option* unit_cost_opt = nullptr;
  CLI::Option* active_opt = nullptr;
  CLI::Option* reorder_point_opt = nullptr;
};

void AddProductFlags(CLI::App* cmd, ProductFlags& f) {
  f.display_name_opt = cmd->add_option("--display_name", f.display_name, "name shown to people");
  f.category_opt = cmd->add_option("--category", f.category, "category code, e.g. furniture");
  f.unit_opt = cmd->add_option("--unit", f.unit, "unit of sale, e.g. EA");
  f.list_price_opt = cmd->add_option("--list_price", f.list_price, "price, e.g. 199.00");
  f.unit_cost_opt = cmd->add_option("--unit_cost", f.unit_cost, "cost, e.g. 120.50");
  f.active_opt = cmd->add_option("--active", f.active, "yes or no (sellable)");
  f.reorder_point_opt =
      cmd->add_option("--reorder_point", f.reorder_point, "stock_low below this many units");
}

absl::Status FillProduct(CliContext& ctx, const ProductFlags& f, ov1::Product* p,
                         google::protobuf::FieldMask* mask) {
  if (Masked(f.display_name_opt, mask, "display_name")) p->set_display_name(f.display_name);
  if (Masked(f.category_opt, mask, "category")) p->set_category(f.category);
  if (Masked(f.unit_opt, mask, "unit")) p->set_unit(f.unit);
  if (Masked(f.list_price_opt, mask, "list_price")) {
    auto money = ctx.ParseMoney("list_price", f.list_price);
    if (!money.ok()) return money.status();
    *p->mutable_list_price() = *money;
  }
  if (Masked(f.unit_cost_opt, mask, "unit_cost")) {
    auto money = ctx.ParseMoney("unit_cost", f.unit_cost);
    if (!money.ok()) return money.status();
    *p->mutable_unit_cost() = *money;
  }
  if (Masked(f.active_opt, mask, "active")) {
    if (f.active != "yes" && f.active != "no") return InvalidField("active", "must be yes or no");
    p->set_active(f.active == "yes");
  }
  if (Masked(f.reorder_point_opt, mask, "reorder_point")) p->set_reorder_point(f.reorder_point);
  return absl::OkStatus();
}

}  // namespace

void RegisterProductCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "products", "The product catalogue");
  {
    auto f = std::make_shared<ProductFlags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "create", "Create a product",
                   "salesctl products create --sku CH-100 --display_name 'Office chair' --category "
                   "furniture --unit EA --list_price 499.00 --unit_cost 310.00",
                   [&ctx, f]() -> absl::Status {
                     ov1::CreateProductRequest req;
                     ov1::Product* p = req.mutable_product();
                     p->set_sku(f->sku);
                     p->set_active(true);
                     google::protobuf::FieldMask unused;
                     if (absl::Status s = FillProduct(ctx, *f, p, &unused); !s.ok()) return s;
                     req.set_request_id(ctx.RequestId());
                     ov1::Product out;
                     absl::Status s = ctx.Invoke(&Stub::CreateProduct, req, &out);
                     if (s.ok()) PrintItem(ctx, ProductView(ctx), out);
                     return s;
                   });
    cmd->add_option("--sku", f->sku, "stock keeping unit, unique")->required();
    AddProductFlags(cmd, *f);
    f->display_name_opt->required();
    f->list_price_opt->required();
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "get", "Show a product",
                               "salesctl products get products/3", [&ctx, name]() -> absl::Status {
                                 ov1::GetProductRequest req;
                                 req.set_name(ResourceName("products", *name));
                                 ov1::Product out;
                                 absl::Status s = ctx.Invoke(&Stub::GetProduct, req, &out);
                                 if (s.ok()) PrintItem(ctx, ProductView(ctx), out);
                                 return s;
                               });
    cmd->add_option("name", *name, "products/{id}")->required();
  }
  {
    struct Flags {
      std::string category;
      bool show_inactive = false;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "list", "List products",
                   "salesctl products list --category furniture", [&ctx, f]() -> absl::Status {
                     ov1::ListProductsRequest req;
                     req.set_category(f->category);
                     req.set_show_inactive(f->show_inactive);
                     return ListPages(ctx, &Stub::ListProducts, req,
                                      &ov1::ListProductsResponse::products, ProductView(ctx));
                   });
    cmd->add_option("--category", f->category, "only this category");
    cmd->add_flag("--show_inactive", f->show_inactive, "include inactive products");
  }
  {
    auto f = std::make_shared<ProductFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "update", "Change the given fields of a product (prices are kept in history)",
        "salesctl products update products/3 --list_price 459.00", [&ctx, f]() -> absl::Status {
          ov1::UpdateProductRequest req;
          req.mutable_product()->set_name(ResourceName("products", f->name));
          if (absl::Status s =
                  FillProduct(ctx, *f, req.mutable_product(), req.mutable_update_mask());
              !s.ok()) {
            return s;
          }
          if (req.update_mask().paths_size() == 0) {
            return InvalidField("update_mask", "give at least one field to change");
          }
          req.set_request_id(ctx.RequestId());
          ov1::Product out;
          absl::Status s = ctx.Invoke(&Stub::UpdateProduct, req, &out);
          if (s.ok()) PrintItem(ctx, ProductView(ctx), out);
          return s;
        });
    cmd->add_option("name", f->name, "products/{id}")->required();
    AddProductFlags(cmd, *f);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "prices", "List a product's price changes, newest first",
        "salesctl products prices products/3", [&ctx, name]() -> absl::Status {
          ov1::ListPriceChangesRequest req;
          req.set_product(ResourceName("products", *name));
          return ListPages(ctx, &Stub::ListPriceChanges, req,
                           &ov1::ListPriceChangesResponse::price_changes, PriceChangeView(ctx));
        });
    cmd->add_option("product", *name, "products/{id}")->required();
  }
  RegisterProductReportCommand(*group, ctx);
}

}  // namespace sales::salesctl
