#include "services/analytics/src/store/fact_store.h"

#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kOrderExists[] = "SELECT 1 FROM order_facts WHERE order_name = ?";
constexpr char kInsertOrder[] =
    "INSERT INTO order_facts (order_name, customer, channel, region, create_time, day, counted, "
    "imported, units, gross_minor, discount_minor, cost_minor) "
    "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)";
constexpr char kInsertLinesPrefix[] =
    "INSERT INTO order_line_facts (order_name, line_id, product, category, quantity, "
    "gross_minor, discount_minor, cost_minor) VALUES ";
constexpr char kInsertCreditsPrefix[] =
    "INSERT INTO order_credit_facts (order_name, rep, share_bp) VALUES ";
constexpr char kSelectOrder[] =
    "SELECT customer, channel, region, create_time, day, counted, imported FROM order_facts "
    "WHERE order_name = ? FOR UPDATE";
constexpr char kSelectLines[] =
    "SELECT line_id, product, category, quantity, gross_minor, discount_minor, cost_minor "
    "FROM order_line_facts WHERE order_name = ? ORDER BY line_id";
constexpr char kSelectCredits[] =
    "SELECT rep, share_bp FROM order_credit_facts WHERE order_name = ? ORDER BY rep";
constexpr char kMarkCancelled[] = "UPDATE order_facts SET counted = 0 WHERE order_name = ?";

constexpr char kReturnExists[] = "SELECT 1 FROM return_facts WHERE return_name = ?";
constexpr char kInsertReturn[] =
    "INSERT INTO return_facts (return_name, order_name, customer, resolve_time, day, units, "
    "refund_minor, cost_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

constexpr char kSelectFirst[] =
    "SELECT first_order, first_time AS t, day, channel, region FROM customer_facts "
    "WHERE customer = ? FOR UPDATE";
constexpr char kUpsertFirst[] =
    "INSERT INTO customer_facts (customer, first_order, first_time, day, channel, region) "
    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE first_order = VALUES(first_order), "
    "first_time = VALUES(first_time), day = VALUES(day), channel = VALUES(channel), "
    "region = VALUES(region)";
constexpr char kDeleteFirst[] = "DELETE FROM customer_facts WHERE customer = ?";
constexpr char kEarliestCounted[] =
    "SELECT order_name, create_time AS t, day, channel, region FROM order_facts "
    "WHERE customer = ? AND counted = 1 ORDER BY create_time, order_name LIMIT 1";

constexpr char kInsertLead[] =
    "INSERT INTO lead_facts (lead_name, day, owner_rep, outcome) VALUES (?, ?, ?, ?)";
constexpr char kSelectLead[] =
    "SELECT day, owner_rep, outcome FROM lead_facts WHERE lead_name = ? FOR UPDATE";
constexpr char kUpdateLead[] = "UPDATE lead_facts SET outcome = ? WHERE lead_name = ?";

constexpr char kSurveyExists[] = "SELECT 1 FROM survey_facts WHERE survey_response = ?";
constexpr char kInsertSurvey[] =
    "INSERT INTO survey_facts (survey_response, kind, score, day) VALUES (?, ?, ?, ?)";

bool Exists(db::Transaction& tx, const char* sql, const std::string& key) {
  return tx.Query(sql, {key})->next();
}

FirstOrder ReadFirst(sql::ResultSet& rs) {
  return {rs.getString(1), db::GetSqlTime(rs, "t"), ReadDay(rs, 3), rs.getString(4),
          rs.getString(5)};
}

}  // namespace

bool InsertOrder(db::Transaction& tx, const domain::OrderFact& order, absl::CivilDay day) {
  if (Exists(tx, kOrderExists, order.order)) return false;
  tx.Exec(kInsertOrder, {order.order, order.customer, order.channel, order.region,
                         order.create_time, DayText(day), order.imported, order.Units(),
                         order.GrossMinor(), order.DiscountMinor(), order.CostMinor()});
  std::vector<db::SqlParam> lines;
  for (const domain::LineFact& l : order.lines) {
    lines.insert(lines.end(), {order.order, int64_t{l.line_id}, l.product, l.category, l.quantity,
                               l.gross_minor, l.discount_minor, l.cost_minor});
  }
  if (!lines.empty()) db::ExecRows(tx, kInsertLinesPrefix, 8, lines);
  std::vector<db::SqlParam> credits;
  for (const domain::CreditFact& c : order.credits) {
    credits.insert(credits.end(), {order.order, c.rep, int64_t{c.share_bp}});
  }
  if (!credits.empty()) db::ExecRows(tx, kInsertCreditsPrefix, 3, credits);
  return true;
}

std::optional<StoredOrder> LoadOrder(db::Transaction& tx, const std::string& order) {
  auto rs = tx.Query(kSelectOrder, {order});
  if (!rs->next()) return std::nullopt;
  StoredOrder out;
  out.fact.order = order;
  out.fact.customer = rs->getString(1);
  out.fact.channel = rs->getString(2);
  out.fact.region = rs->getString(3);
  out.fact.create_time = db::GetSqlTime(*rs, "create_time");
  out.day = ReadDay(*rs, 5);
  out.counted = rs->getInt(6) != 0;
  out.fact.imported = rs->getInt(7) != 0;
  auto lines = tx.Query(kSelectLines, {order});
  while (lines->next()) {
    out.fact.lines.push_back({lines->getInt(1), lines->getString(2), lines->getString(3),
                              lines->getInt64(4), lines->getInt64(5), lines->getInt64(6),
                              lines->getInt64(7)});
  }
  auto credits = tx.Query(kSelectCredits, {order});
  while (credits->next()) out.fact.credits.push_back({credits->getString(1), credits->getInt(2)});
  return out;
}

void MarkCancelled(db::Transaction& tx, const std::string& order) {
  tx.Exec(kMarkCancelled, {order});
}

bool InsertReturn(db::Transaction& tx, const domain::ReturnFact& ret, absl::CivilDay day) {
  if (Exists(tx, kReturnExists, ret.return_name)) return false;
  tx.Exec(kInsertReturn, {ret.return_name, ret.order, ret.customer, ret.resolve_time, DayText(day),
                          ret.Units(), ret.NetMinor(), ret.CostMinor()});
  return true;
}

std::optional<FirstOrder> LoadFirstOrder(db::Transaction& tx, const std::string& customer) {
  auto rs = tx.Query(kSelectFirst, {customer});
  if (!rs->next()) return std::nullopt;
  return ReadFirst(*rs);
}

void SaveFirstOrder(db::Transaction& tx, const std::string& customer, const FirstOrder& first) {
  tx.Exec(kUpsertFirst,
          {customer, first.order, first.time, DayText(first.day), first.channel, first.region});
}

void DeleteFirstOrder(db::Transaction& tx, const std::string& customer) {
  tx.Exec(kDeleteFirst, {customer});
}

std::optional<FirstOrder> EarliestCountedOrder(db::Transaction& tx, const std::string& customer) {
  auto rs = tx.Query(kEarliestCounted, {customer});
  if (!rs->next()) return std::nullopt;
  return ReadFirst(*rs);
}

bool InsertLead(db::Transaction& tx, const std::string& lead, const StoredLead& row) {
  if (LoadLead(tx, lead).has_value()) return false;
  tx.Exec(kInsertLead, {lead, DayText(row.day), row.owner_rep, static_cast<int64_t>(row.outcome)});
  return true;
}

std::optional<StoredLead> LoadLead(db::Transaction& tx, const std::string& lead) {
  auto rs = tx.Query(kSelectLead, {lead});
  if (!rs->next()) return std::nullopt;
  return StoredLead{ReadDay(*rs, 1), rs->getString(2),
                    static_cast<domain::LeadOutcome>(rs->getInt(3))};
}

void SaveLeadOutcome(db::Transaction& tx, const std::string& lead, domain::LeadOutcome outcome) {
  tx.Exec(kUpdateLead, {static_cast<int64_t>(outcome), lead});
}

bool InsertSurvey(db::Transaction& tx, const std::string& survey_response, const std::string& kind,
                  int score, absl::CivilDay day) {
  if (Exists(tx, kSurveyExists, survey_response)) return false;
  tx.Exec(kInsertSurvey, {survey_response, kind, int64_t{score}, DayText(day)});
  return true;
}

}  // namespace sales::analytics::store
