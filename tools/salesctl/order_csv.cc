#include "tools/salesctl/order_csv.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/salesctl/csv_reader.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

namespace ov1 = ::sales::orders::v1;

const std::vector<std::string> kRequired = {"external_ref", "customer", "channel",
                                            "region",       "status",   "create_time",
                                            "product",      "quantity", "unit_price"};
const std::vector<std::string> kOptional = {
    "warehouse",   "close_time",    "unit_cost",         "discount",
    "tax",         "rep",           "returned_quantity", "return_time",
    "refund_time", "return_reason", "return_disposition"};

absl::Status Money(const CsvHeader& header, const CsvRecord& row, const std::string& column,
                   absl::string_view currency, bool required, common::v1::Money* out) {
  const std::string& text = header.Get(row, column);
  if (text.empty() && !required) return absl::OkStatus();
  absl::StatusOr<int64_t> minor = ParseMoneyText(column, text, currency);
  if (!minor.ok()) return minor.status();
  out->set_currency_code(std::string(currency));
  out->set_minor_units(*minor);
  return absl::OkStatus();
}

// The order's columns from its first row.
absl::Status FillOrder(const CsvHeader& header, const CsvRecord& row, ov1::ImportedOrder* o) {
  o->set_external_ref(header.Get(row, "external_ref"));
  o->set_customer(ResourceName("customers", header.Get(row, "customer")));
  auto channel = ParseEnum<ov1::Channel>("channel", header.Get(row, "channel"));
  if (!channel.ok()) return channel.status();
  o->set_channel(*channel);
  o->set_region(header.Get(row, "region"));
  o->set_warehouse(header.Get(row, "warehouse"));
  auto status = ParseEnum<ov1::OrderStatus>("status", header.Get(row, "status"));
  if (!status.ok()) return status.status();
  o->set_status(*status);
  auto created = ParseTime("create_time", header.Get(row, "create_time"));
  if (!created.ok()) return created.status();
  *o->mutable_create_time() = *created;
  if (const std::string& closed = header.Get(row, "close_time"); !closed.empty()) {
    auto t = ParseTime("close_time", closed);
    if (!t.ok()) return t.status();
    *o->mutable_close_time() = *t;
  }
  if (const std::string& rep = header.Get(row, "rep"); !rep.empty()) {
    ov1::SalesCredit* credit = o->add_sales_credits();
    credit->set_rep(rep);
    credit->set_revenue_share_bp(10000);
  }
  return absl::OkStatus();
}

// The return of the line just added (the order's last), when the row has a
// returned_quantity: one resolved return of that line, refunded by the service as a live
// return would be.
absl::Status AddReturn(const CsvHeader& header, const CsvRecord& row, ov1::ImportedOrder* o) {
  const std::string& returned = header.Get(row, "returned_quantity");
  if (returned.empty()) {
    for (const char* column :
         {"return_time", "refund_time", "return_reason", "return_disposition"}) {
      if (!header.Get(row, column).empty()) {
        return InvalidField(column, "needs a returned_quantity");
      }
    }
    return absl::OkStatus();
  }
  ov1::ImportedReturn r;
  ov1::ReturnLine* line = r.add_lines();
  line->set_line_id(o->lines_size());
  int64_t quantity = 0;
  if (!absl::SimpleAtoi(returned, &quantity)) {
    return InvalidField("returned_quantity",
                        absl::StrCat("'", returned, "' is not a whole number"));
  }
  line->set_quantity(quantity);
  const std::string& requested = header.Get(row, "return_time");
  if (requested.empty()) return InvalidField("return_time", "is required with returned_quantity");
  auto request_time = ParseTime("return_time", requested);
  if (!request_time.ok()) return request_time.status();
  *r.mutable_request_time() = *request_time;
  *r.mutable_resolve_time() = *request_time;
  if (const std::string& refunded = header.Get(row, "refund_time"); !refunded.empty()) {
    auto resolve_time = ParseTime("refund_time", refunded);
    if (!resolve_time.ok()) return resolve_time.status();
    *r.mutable_resolve_time() = *resolve_time;
  }
  r.set_reason(header.Get(row, "return_reason"));
  if (r.reason().empty())
    return InvalidField("return_reason", "is required with returned_quantity");
  r.set_disposition(ov1::DISPOSITION_RESTOCK);
  if (const std::string& disposition = header.Get(row, "return_disposition");
      !disposition.empty()) {
    auto parsed = ParseEnum<ov1::Disposition>("return_disposition", disposition);
    if (!parsed.ok()) return parsed.status();
    r.set_disposition(*parsed);
  }
  *o->add_returns() = std::move(r);
  return absl::OkStatus();
}

absl::Status AddLine(const CsvHeader& header, const CsvRecord& row, absl::string_view currency,
                     ov1::ImportedOrder* o) {
  ov1::OrderLine line;
  const std::string& product = header.Get(row, "product");
  if (product.empty()) return InvalidField("product", "is required");
  line.set_product(ResourceName("products", product));
  int64_t quantity = 0;
  if (!absl::SimpleAtoi(header.Get(row, "quantity"), &quantity)) {
    return InvalidField("quantity",
                        absl::StrCat("'", header.Get(row, "quantity"), "' is not a whole number"));
  }
  line.set_quantity(quantity);
  if (absl::Status s = Money(header, row, "unit_price", currency, true, line.mutable_unit_price());
      !s.ok()) {
    return s;
  }
  using MutableMoney = common::v1::Money* (ov1::OrderLine::*)();
  for (const auto& [column, field] :
       {std::pair<const char*, MutableMoney>{"unit_cost", &ov1::OrderLine::mutable_unit_cost},
        std::pair<const char*, MutableMoney>{"discount", &ov1::OrderLine::mutable_discount_total},
        std::pair<const char*, MutableMoney>{"tax", &ov1::OrderLine::mutable_tax}}) {
    if (header.Get(row, column).empty()) continue;  // optional: left unset
    if (absl::Status s = Money(header, row, column, currency, false, (line.*field)()); !s.ok()) {
      return s;
    }
  }
  *o->add_lines() = std::move(line);
  return AddReturn(header, row, o);
}

}  // namespace

absl::StatusOr<OrderCsv> ParseOrderCsv(absl::string_view text, absl::string_view currency) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
  if (!records.ok()) return records.status();
  if (records->empty()) {
    return absl::InvalidArgumentError("line 1: the file is empty; the header row is required");
  }
  absl::StatusOr<CsvHeader> header = CsvHeader::Parse(records->front(), kRequired, kOptional);
  if (!header.ok()) return header.status();

  // Orders by external_ref, in the order of their first rows; a bad row marks its order.
  struct Pending {
    CsvOrder csv;
    std::optional<ImportRefusal> refusal;
  };
  std::vector<Pending> pending;
  std::map<std::string, size_t> by_ref;
  std::vector<ImportRefusal> loose;  // rows without an external_ref
  for (size_t i = 1; i < records->size(); ++i) {
    const CsvRecord& row = (*records)[i];
    const std::string& ref = header->Get(row, "external_ref");
    absl::Status width = header->CheckWidth(row);
    if (ref.empty() || !width.ok()) {
      loose.push_back(ImportRefusal{
          row.line, ref, width.ok() ? "external_ref: is required" : std::string(width.message())});
      continue;
    }
    auto [it, fresh] = by_ref.emplace(ref, pending.size());
    if (fresh) {
      pending.push_back(Pending{CsvOrder{{}, row.line}, std::nullopt});
      if (absl::Status s = FillOrder(*header, row, &pending.back().csv.order); !s.ok()) {
        pending.back().refusal = ImportRefusal{row.line, ref, std::string(s.message())};
      }
    }
    Pending& order = pending[it->second];
    if (order.refusal) continue;
    if (absl::Status s = AddLine(*header, row, currency, &order.csv.order); !s.ok()) {
      order.refusal = ImportRefusal{row.line, ref, std::string(s.message())};
    }
  }
  OrderCsv out;
  out.refusals = std::move(loose);
  for (Pending& order : pending) {
    if (order.refusal) {
      out.refusals.push_back(std::move(*order.refusal));
    } else {
      out.orders.push_back(std::move(order.csv));
    }
  }
  std::sort(out.refusals.begin(), out.refusals.end(),
            [](const ImportRefusal& a, const ImportRefusal& b) { return a.line < b.line; });
  return out;
}

}  // namespace sales::salesctl
