#include "tools/loadgen/order_facts_writer.h"

#include "absl/strings/str_format.h"

namespace sales::loadgen {

namespace ev = ::sales::events::v1;

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

OrderFactsWriter::OrderFactsWriter(db::ConnectionPool& pool, bool credits)
    : credits_enabled_(credits),
      orders_(pool,
              "INSERT INTO order_facts (order_name, customer, channel, region, create_time, "
              "day, counted, imported, units, gross_minor, discount_minor, cost_minor) VALUES ",
              12),
      lines_(pool,
             "INSERT INTO order_line_facts (order_name, line_id, product, category, "
             "quantity, gross_minor, discount_minor, cost_minor) VALUES ",
             8),
      warehouses_(pool, "INSERT INTO order_warehouse_facts (order_name, warehouse) VALUES ", 2),
      credits_(pool, "INSERT INTO order_credit_facts (order_name, rep, share_bp) VALUES ", 3) {}

void OrderFactsWriter::Add(const ev::OrderSnapshot& o, absl::Time created, absl::CivilDay day,
                           bool counted, bool imported) {
  int64_t units = 0;
  for (const ev::LineSnapshot& l : o.lines()) {
    units += l.quantity();
    lines_.Add({o.order(), int64_t{l.line_id()}, l.product(), l.category(), l.quantity(),
                l.subtotal_minor(), l.discount_minor(), l.cost_minor()});
  }
  orders_.Add({o.order(), o.customer(), o.channel(), o.region(), created, DayText(day),
               int64_t{counted ? 1 : 0}, int64_t{imported ? 1 : 0}, units, o.subtotal_minor(),
               o.discount_minor(), o.cost_minor()});
  warehouses_.Add({o.order(), o.warehouse()});
  if (credits_enabled_) {
    for (const ev::CreditShare& c : o.credits()) {
      credits_.Add({o.order(), c.rep(), int64_t{c.revenue_share_bp()}});
    }
  }
}

absl::Status OrderFactsWriter::status() const {
  for (const RowWriter* w : {&orders_, &lines_, &warehouses_, &credits_}) {
    if (!w->status().ok()) return w->status();
  }
  return absl::OkStatus();
}

absl::Status OrderFactsWriter::Finish() {
  for (RowWriter* w : {&orders_, &lines_, &warehouses_, &credits_}) w->Flush();
  return status();
}

}  // namespace sales::loadgen
