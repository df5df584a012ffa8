// salesctl promotions ...: discounts by code or automatic, their validity and usage limits.
#include "absl/strings/str_cat.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = ov1::OrdersService::Stub;

}  // namespace

void RegisterPromotionCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "promotions", "Promotions");
  {
    struct Flags {
      std::string code, display_name, kind, amount_off, threshold, start_time, end_time;
      std::vector<std::string> products, categories;
      int percent_off_bp = 0, buy_quantity = 0, free_quantity = 0;
      bool automatic = false, exclusive = false;
      int64_t usage_limit_total = 0, usage_limit_per_customer = 0;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "create", "Create a promotion",
        "salesctl promotions create --code SUMMER10 --display_name 'Summer 10%' --kind "
        "percent_off --percent_off_bp 1000 --start_time 2025-06-01 --end_time 2025-07-01",
        [&ctx, f]() -> absl::Status {
          ov1::CreatePromotionRequest req;
          ov1::Promotion* p = req.mutable_promotion();
          p->set_code(f->code);
          p->set_display_name(f->display_name);
          auto kind = ParseEnum<ov1::PromotionKind>("--kind", f->kind);
          if (!kind.ok()) return kind.status();
          p->set_kind(*kind);
          p->set_percent_off_bp(f->percent_off_bp);
          if (!f->amount_off.empty()) {
            auto money = ctx.ParseMoney("--amount_off", f->amount_off);
            if (!money.ok()) return money.status();
            *p->mutable_amount_off() = *money;
          }
          if (!f->threshold.empty()) {
            auto money = ctx.ParseMoney("--threshold", f->threshold);
            if (!money.ok()) return money.status();
            *p->mutable_threshold() = *money;
          }
          p->set_buy_quantity(f->buy_quantity);
          p->set_free_quantity(f->free_quantity);
          p->set_automatic(f->automatic);
          p->set_exclusive(f->exclusive);
          auto start = ParseTime("--start_time", f->start_time);
          if (!start.ok()) return start.status();
          *p->mutable_start_time() = *start;
          auto end = ParseTime("--end_time", f->end_time);
          if (!end.ok()) return end.status();
          *p->mutable_end_time() = *end;
          for (const std::string& product : f->products) {
            p->add_products(ResourceName("products", product));
          }
          for (const std::string& category : f->categories) p->add_categories(category);
          p->set_usage_limit_total(f->usage_limit_total);
          p->set_usage_limit_per_customer(f->usage_limit_per_customer);
          req.set_request_id(ctx.RequestId());
          ov1::Promotion out;
          absl::Status s = ctx.Invoke(&Stub::CreatePromotion, req, &out);
          if (s.ok()) PrintItem(ctx, PromotionView(ctx), out);
          return s;
        });
    cmd->add_option("--code", f->code, "code customers type (empty for automatic ones)");
    cmd->add_option("--display_name", f->display_name, "name shown to people")->required();
    cmd->add_option("--kind", f->kind, EnumChoices<ov1::PromotionKind>())->required();
    cmd->add_option("--percent_off_bp", f->percent_off_bp, "percent_off: basis points, 1000 = 10%");
    cmd->add_option("--amount_off", f->amount_off, "amount_off / order_threshold: e.g. 20.00");
    cmd->add_option("--buy_quantity", f->buy_quantity, "buy_x_get_y: units to buy");
    cmd->add_option("--free_quantity", f->free_quantity, "buy_x_get_y: units free");
    cmd->add_option("--threshold", f->threshold, "order_threshold: subtotal from, e.g. 300.00");
    cmd->add_flag("--automatic", f->automatic, "applies without a code");
    cmd->add_flag("--exclusive", f->exclusive, "does not combine with other promotions");
    cmd->add_option("--start_time", f->start_time, "valid from (time or date)")->required();
    cmd->add_option("--end_time", f->end_time, "valid until (time or date)")->required();
    cmd->add_option("--product", f->products, "only this product (repeat for more)");
    cmd->add_option("--category", f->categories, "only this category (repeat for more)");
    cmd->add_option("--usage_limit_total", f->usage_limit_total, "uses in all (0: unlimited)");
    cmd->add_option("--usage_limit_per_customer", f->usage_limit_per_customer,
                    "uses per customer (0: unlimited)");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "get", "Show a promotion", "salesctl promotions get promotions/2",
                   [&ctx, name]() -> absl::Status {
                     ov1::GetPromotionRequest req;
                     req.set_name(ResourceName("promotions", *name));
                     ov1::Promotion out;
                     absl::Status s = ctx.Invoke(&Stub::GetPromotion, req, &out);
                     if (s.ok()) PrintItem(ctx, PromotionView(ctx), out);
                     return s;
                   });
    cmd->add_option("name", *name, "promotions/{id}")->required();
  }
  {
    auto valid_at = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "List promotions", "salesctl promotions list --valid_at 2025-06-18",
        [&ctx, valid_at]() -> absl::Status {
          ov1::ListPromotionsRequest req;
          if (!valid_at->empty()) {
            auto t = ParseTime("--valid_at", *valid_at);
            if (!t.ok()) return t.status();
            *req.mutable_valid_at() = *t;
          }
          return ListPages(ctx, &Stub::ListPromotions, req,
                           &ov1::ListPromotionsResponse::promotions, PromotionView(ctx));
        });
    cmd->add_option("--valid_at", *valid_at, "only those valid at this time or date");
  }
  {
    struct Flags {
      std::string name, display_name, end_time;
      int64_t usage_limit_total = 0, usage_limit_per_customer = 0;
      CLI::Option* display_name_opt = nullptr;
      CLI::Option* end_time_opt = nullptr;
      CLI::Option* total_opt = nullptr;
      CLI::Option* per_customer_opt = nullptr;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "update", "End a promotion early, extend it, or change its limits",
                   "salesctl promotions update promotions/2 --end_time 2025-06-20T00:00:00Z",
                   [&ctx, f]() -> absl::Status {
                     ov1::UpdatePromotionRequest req;
                     ov1::Promotion* p = req.mutable_promotion();
                     google::protobuf::FieldMask* mask = req.mutable_update_mask();
                     p->set_name(ResourceName("promotions", f->name));
                     if (Masked(f->display_name_opt, mask, "display_name")) {
                       p->set_display_name(f->display_name);
                     }
                     if (Masked(f->end_time_opt, mask, "end_time")) {
                       auto t = ParseTime("--end_time", f->end_time);
                       if (!t.ok()) return t.status();
                       *p->mutable_end_time() = *t;
                     }
                     if (Masked(f->total_opt, mask, "usage_limit_total")) {
                       p->set_usage_limit_total(f->usage_limit_total);
                     }
                     if (Masked(f->per_customer_opt, mask, "usage_limit_per_customer")) {
                       p->set_usage_limit_per_customer(f->usage_limit_per_customer);
                     }
                     if (mask->paths_size() == 0) {
                       return InvalidField("update_mask", "give at least one field to change");
                     }
                     req.set_request_id(ctx.RequestId());
                     ov1::Promotion out;
                     absl::Status s = ctx.Invoke(&Stub::UpdatePromotion, req, &out);
                     if (s.ok()) PrintItem(ctx, PromotionView(ctx), out);
                     return s;
                   });
    cmd->add_option("name", f->name, "promotions/{id}")->required();
    f->display_name_opt = cmd->add_option("--display_name", f->display_name, "new name");
    f->end_time_opt = cmd->add_option("--end_time", f->end_time, "new end (time or date)");
    f->total_opt = cmd->add_option("--usage_limit_total", f->usage_limit_total, "0: unlimited");
    f->per_customer_opt =
        cmd->add_option("--usage_limit_per_customer", f->usage_limit_per_customer, "0: unlimited");
  }
}

}  // namespace sales::salesctl
