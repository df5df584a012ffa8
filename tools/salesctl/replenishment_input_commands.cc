// salesctl replenishment-settings (set, delete, list) and receipts (record, update, cancel,
// receive, list): the replenishment inputs a buyer records in analytics. `salesctl
// replenishment` uses them where its flags leave a parameter unset, and nets the open
// receipts due within the lead time.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/replenishment_commands.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

View<av1::ReplenishmentSettings> SettingsView() {
  using S = av1::ReplenishmentSettings;
  return {
      {"PRODUCT", [](const S& s) { return s.product(); }},
      {"WAREHOUSE", [](const S& s) { return s.warehouse().empty() ? "(all)" : s.warehouse(); }},
      Right<S>("LEAD DAYS", [](const S& s) { return absl::StrCat(s.lead_time_days()); }),
      Right<S>("LEAD SD",
               [](const S& s) {
                 return s.has_lead_time_sd_days() ? absl::StrFormat("%.2f", s.lead_time_sd_days())
                                                  : std::string("-");
               }),
      Right<S>("SERVICE",
               [](const S& s) {
                 return s.has_service_level() ? absl::StrFormat("%.3f", s.service_level())
                                              : std::string("-");
               }),
      Right<S>("COVER DAYS",
               [](const S& s) {
                 return s.has_cover_days() ? absl::StrCat(s.cover_days()) : std::string("-");
               }),
  };
}

std::string StateText(av1::ExpectedReceipt::State state) {
  switch (state) {
    case av1::ExpectedReceipt::STATE_OPEN:
      return "open";
    case av1::ExpectedReceipt::STATE_CANCELLED:
      return "cancelled";
    case av1::ExpectedReceipt::STATE_RECEIVED:
      return "received";
    default:
      return "-";
  }
}

View<av1::ExpectedReceipt> ReceiptView() {
  using R = av1::ExpectedReceipt;
  return {
      {"NAME", [](const R& r) { return r.name(); }},
      {"PRODUCT", [](const R& r) { return r.product(); }},
      {"WAREHOUSE", [](const R& r) { return r.warehouse(); }},
      Right<R>("UNITS", [](const R& r) { return absl::StrCat(r.units()); }),
      {"EXPECTED", [](const R& r) { return r.expected_day(); }},
      {"STATE", [](const R& r) { return StateText(r.state()); }},
      {"REFERENCE", [](const R& r) { return OrDash(r.reference()); }},
  };
}

void RegisterSettingsCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "replenishment-settings",
                             "A product's recorded lead time, its deviation, service level and "
                             "cover days, per warehouse or for every warehouse");
  {
    struct Flags final {
      std::string product, warehouse;
      int lead_time_days = 0;
      double lead_time_sd_days = 0, service_level = 0;
      int cover_days = 0;
      // The optional flags, to tell "not given" from a value.
      CLI::Option* sd = nullptr;
      CLI::Option* service = nullptr;
      CLI::Option* cover = nullptr;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "set",
        "Record (or replace) a product's settings in one warehouse, or in every warehouse "
        "without --warehouse",
        "salesctl replenishment-settings set products/3 --warehouse WH1 --lead_time_days 21 "
        "--lead_time_sd_days 4 --service_level 0.98",
        [&ctx, f]() -> absl::Status {
          av1::SetReplenishmentSettingsRequest req;
          req.set_request_id(ctx.RequestId());
          av1::ReplenishmentSettings* s = req.mutable_settings();
          s->set_product(ResourceName("products", f->product));
          s->set_warehouse(f->warehouse);
          s->set_lead_time_days(f->lead_time_days);
          if (f->sd->count() > 0) s->set_lead_time_sd_days(f->lead_time_sd_days);
          if (f->service->count() > 0) s->set_service_level(f->service_level);
          if (f->cover->count() > 0) s->set_cover_days(f->cover_days);
          av1::ReplenishmentSettings out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::SetReplenishmentSettings, req, &out));
          PrintItem(ctx, SettingsView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("product", f->product, "products/{id}")->required();
    cmd->add_option("--warehouse", f->warehouse, "warehouse code (default: every warehouse)");
    cmd->add_option("--lead_time_days", f->lead_time_days, "lead time, 1 to 180 days")->required();
    f->sd = cmd->add_option("--lead_time_sd_days", f->lead_time_sd_days,
                            "standard deviation of the lead time, days (default: none)");
    f->service = cmd->add_option("--service_level", f->service_level,
                                 "cycle service level, 0.5 to 0.999 (default: not recorded)");
    f->cover = cmd->add_option("--cover_days", f->cover_days,
                               "days of demand a reorder covers after arrival, 0 to 365 (default: "
                               "not recorded)");
  }
  {
    auto product = std::make_shared<std::string>();
    auto warehouse = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "delete", "Delete a product's settings of one warehouse (or of every one)",
        "salesctl replenishment-settings delete products/3 --warehouse WH1",
        [&ctx, product, warehouse]() -> absl::Status {
          av1::DeleteReplenishmentSettingsRequest req;
          req.set_request_id(ctx.RequestId());
          req.set_product(ResourceName("products", *product));
          req.set_warehouse(*warehouse);
          av1::DeleteReplenishmentSettingsResponse out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::DeleteReplenishmentSettings, req, &out));
          PrintItem(ctx, SettingsView(), out.settings());
          return absl::OkStatus();
        });
    cmd->add_option("product", *product, "products/{id}")->required();
    cmd->add_option("--warehouse", *warehouse, "warehouse code (default: every warehouse)");
  }
  {
    auto product = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "The recorded settings, by product then warehouse",
        "salesctl replenishment-settings list --product products/3 --json",
        [&ctx, product]() -> absl::Status {
          av1::ListReplenishmentSettingsRequest req;
          if (!product->empty()) req.set_product(ResourceName("products", *product));
          return ListPages(ctx, &Stub::ListReplenishmentSettings, req,
                           &av1::ListReplenishmentSettingsResponse::settings, SettingsView());
        });
    cmd->add_option("--product", *product, "only this product, products/{id}");
  }
}

void RegisterReceiptCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "receipts",
                             "Goods expected into a warehouse (open purchase order lines), "
                             "netted by replenishment when due within the lead time");
  struct Flags final {
    std::string name, product, warehouse, day, reference, state;
    int64_t units = 0;
    // update: the flags given make the update mask.
    CLI::Option* units_flag = nullptr;
    CLI::Option* day_flag = nullptr;
    CLI::Option* reference_flag = nullptr;
  };
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "record", "Record goods expected into a warehouse on a day",
                   "salesctl receipts record products/3 --warehouse WH1 --units 500 --expected_day "
                   "2026-12-20 --reference PO-2291",
                   [&ctx, f]() -> absl::Status {
                     absl::StatusOr<absl::CivilDay> day = ParseDay("--expected_day", f->day);
                     if (!day.ok()) return day.status();
                     av1::RecordExpectedReceiptRequest req;
                     req.set_request_id(ctx.RequestId());
                     av1::ExpectedReceipt* r = req.mutable_receipt();
                     r->set_product(ResourceName("products", f->product));
                     r->set_warehouse(f->warehouse);
                     r->set_units(f->units);
                     r->set_expected_day(DayText(*day));
                     r->set_reference(f->reference);
                     av1::ExpectedReceipt out;
                     RETURN_IF_ERROR(ctx.Invoke(&Stub::RecordExpectedReceipt, req, &out));
                     PrintItem(ctx, ReceiptView(), out);
                     return absl::OkStatus();
                   });
    cmd->add_option("product", f->product, "products/{id}")->required();
    cmd->add_option("--warehouse", f->warehouse, "warehouse code")->required();
    cmd->add_option("--units", f->units, "units expected")->required();
    cmd->add_option("--expected_day", f->day, "YYYY-MM-DD the goods are expected")->required();
    cmd->add_option("--reference", f->reference, "e.g. the purchase order number");
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "update", "Change an open receipt's units, expected day or reference",
        "salesctl receipts update expectedReceipts/7 --expected_day 2026-12-27",
        [&ctx, f]() -> absl::Status {
          av1::UpdateExpectedReceiptRequest req;
          req.set_request_id(ctx.RequestId());
          av1::ExpectedReceipt* r = req.mutable_receipt();
          r->set_name(ResourceName("expectedReceipts", f->name));
          if (Masked(f->units_flag, req.mutable_update_mask(), "units")) r->set_units(f->units);
          if (Masked(f->day_flag, req.mutable_update_mask(), "expected_day")) {
            absl::StatusOr<absl::CivilDay> d = ParseDay("--expected_day", f->day);
            if (!d.ok()) return d.status();
            r->set_expected_day(DayText(*d));
          }
          if (Masked(f->reference_flag, req.mutable_update_mask(), "reference")) {
            r->set_reference(f->reference);
          }
          av1::ExpectedReceipt out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::UpdateExpectedReceipt, req, &out));
          PrintItem(ctx, ReceiptView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("name", f->name, "expectedReceipts/{id}")->required();
    f->units_flag = cmd->add_option("--units", f->units, "units expected");
    f->day_flag = cmd->add_option("--expected_day", f->day, "YYYY-MM-DD the goods are expected");
    f->reference_flag =
        cmd->add_option("--reference", f->reference, "e.g. the purchase order number");
  }
  for (const bool cancel : {true, false}) {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, cancel ? "cancel" : "receive",
        cancel ? "Cancel an open receipt: the goods will not come"
               : "Mark an open receipt received once its goods are booked into stock (salesctl "
                 "stock receive), so that it no longer counts",
        cancel ? "salesctl receipts cancel expectedReceipts/7"
               : "salesctl receipts receive expectedReceipts/7",
        [&ctx, name, cancel]() -> absl::Status {
          av1::ExpectedReceipt out;
          if (cancel) {
            av1::CancelExpectedReceiptRequest req;
            req.set_request_id(ctx.RequestId());
            req.set_name(ResourceName("expectedReceipts", *name));
            RETURN_IF_ERROR(ctx.Invoke(&Stub::CancelExpectedReceipt, req, &out));
          } else {
            av1::ReceiveExpectedReceiptRequest req;
            req.set_request_id(ctx.RequestId());
            req.set_name(ResourceName("expectedReceipts", *name));
            RETURN_IF_ERROR(ctx.Invoke(&Stub::ReceiveExpectedReceipt, req, &out));
          }
          PrintItem(ctx, ReceiptView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("name", *name, "expectedReceipts/{id}")->required();
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "Expected receipts by id, filtered",
        "salesctl receipts list --warehouse WH1 --state open", [&ctx, f]() -> absl::Status {
          av1::ListExpectedReceiptsRequest req;
          if (!f->product.empty()) req.set_product(ResourceName("products", f->product));
          req.set_warehouse(f->warehouse);
          if (f->state == "open") {
            req.set_state(av1::ExpectedReceipt::STATE_OPEN);
          } else if (f->state == "cancelled") {
            req.set_state(av1::ExpectedReceipt::STATE_CANCELLED);
          } else if (f->state == "received") {
            req.set_state(av1::ExpectedReceipt::STATE_RECEIVED);
          } else if (!f->state.empty()) {
            return InvalidField(
                "--state", absl::StrCat("'", f->state, "' is not open, cancelled or received"));
          }
          return ListPages(ctx, &Stub::ListExpectedReceipts, req,
                           &av1::ListExpectedReceiptsResponse::receipts, ReceiptView());
        });
    cmd->add_option("--product", f->product, "only this product, products/{id}");
    cmd->add_option("--warehouse", f->warehouse, "only this warehouse code");
    cmd->add_option("--state", f->state, "open, cancelled or received (default: all)");
  }
}

}  // namespace

void RegisterReplenishmentInputCommands(CLI::App& app, CliContext& ctx) {
  RegisterSettingsCommands(app, ctx);
  RegisterReceiptCommands(app, ctx);
}

}  // namespace sales::salesctl
