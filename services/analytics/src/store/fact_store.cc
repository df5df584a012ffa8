#include "services/analytics/src/store/fact_store.h"

#include <algorithm>

#include "services/analytics/src/store/days.h"
#include "services/analytics/src/store/key_lists.h"

namespace sales::analytics::store {
namespace {

constexpr char kOrderExists[] = "SELECT 1 FROM order_facts{s} WHERE order_name = ?";
constexpr char kInsertOrder[] =
    "INSERT INTO order_facts{s} (order_name, customer, channel, region, create_time, day, counted, "
    "imported, units, gross_minor, discount_minor, cost_minor) "
    "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)";
constexpr char kInsertLinesPrefix[] =
    "INSERT INTO order_line_facts{s} (order_name, line_id, product, category, quantity, "
    "gross_minor, discount_minor, cost_minor) VALUES ";
constexpr char kInsertCreditsPrefix[] =
    "INSERT INTO order_credit_facts{s} (order_name, rep, share_bp) VALUES ";
constexpr char kSelectOrder[] =
    "SELECT customer, channel, region, create_time, day, counted, imported FROM order_facts{s} "
    "WHERE order_name = ? FOR UPDATE";
constexpr char kSelectLines[] =
    "SELECT line_id, product, category, quantity, gross_minor, discount_minor, cost_minor "
    "FROM order_line_facts{s} WHERE order_name = ? ORDER BY line_id";
constexpr char kSelectCredits[] =
    "SELECT rep, share_bp FROM order_credit_facts{s} WHERE order_name = ? ORDER BY rep";
constexpr char kMarkCancelled[] = "UPDATE order_facts{s} SET counted = 0 WHERE order_name = ?";

constexpr char kReturnExists[] = "SELECT 1 FROM return_facts{s} WHERE return_name = ?";
constexpr char kInsertReturn[] =
    "INSERT INTO return_facts{s} (return_name, order_name, customer, resolve_time, day, units, "
    "refund_minor, cost_minor, restocked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr char kInsertReturnLinesPrefix[] =
    "INSERT INTO return_line_facts{s} (return_name, line_no, product, category, quantity, "
    "net_minor, cost_minor) VALUES ";

constexpr char kSelectFirst[] =
    "SELECT first_order, first_time AS t, day, channel, region FROM customer_facts{s} "
    "WHERE customer = ? FOR UPDATE";
constexpr char kUpsertFirst[] =
    "INSERT INTO customer_facts{s} (customer, first_order, first_time, day, channel, region) "
    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE first_order = VALUES(first_order), "
    "first_time = VALUES(first_time), day = VALUES(day), channel = VALUES(channel), "
    "region = VALUES(region)";
constexpr char kDeleteFirst[] = "DELETE FROM customer_facts{s} WHERE customer = ?";
constexpr char kEarliestCounted[] =
    "SELECT order_name, create_time AS t, day, channel, region FROM order_facts{s} "
    "WHERE customer = ? AND counted = 1 ORDER BY create_time, order_name LIMIT 1";

constexpr char kInsertLead[] =
    "INSERT INTO lead_facts{s} (lead_name, create_time, day, owner_rep, channel, outcome) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr char kInsertStage[] =
    "INSERT INTO lead_stage_facts{s} (lead_name, entered_time, stage) VALUES (?, ?, ?) "
    "ON DUPLICATE KEY UPDATE stage = stage";
constexpr char kSelectLead[] =
    "SELECT create_time AS t, day, owner_rep, channel, outcome FROM lead_facts{s} "
    "WHERE lead_name = ? FOR UPDATE";
constexpr char kUpdateLead[] = "UPDATE lead_facts{s} SET outcome = ? WHERE lead_name = ?";

constexpr char kSetStock[] =
    "INSERT INTO stock_levels{s} (product, warehouse, on_hand, reserved) VALUES (?, ?, ?, ?) "
    "ON DUPLICATE KEY UPDATE on_hand = VALUES(on_hand), reserved = VALUES(reserved)";

constexpr char kSurveyExists[] = "SELECT 1 FROM survey_facts{s} WHERE survey_response = ?";
constexpr char kInsertSurvey[] =
    "INSERT INTO survey_facts{s} (survey_response, kind, score, day) VALUES (?, ?, ?, ?)";

// The bulk forms: "<prefix>?, ?, ...<suffix>" IN lists, "<prefix>(?, ...), ..." rows.
constexpr char kInEnd[] = ")";
constexpr char kInEndForUpdate[] = ") FOR UPDATE";
constexpr char kSelectOrdersIn[] =
    "SELECT order_name, customer, channel, region, create_time, day, counted, imported "
    "FROM order_facts{s} WHERE order_name IN (";
constexpr char kSelectLinesIn[] =
    "SELECT order_name, line_id, product, category, quantity, gross_minor, discount_minor, "
    "cost_minor FROM order_line_facts{s} WHERE order_name IN (";
constexpr char kSelectCreditsIn[] =
    "SELECT order_name, rep, share_bp FROM order_credit_facts{s} WHERE order_name IN (";
constexpr char kInsertOrdersPrefix[] =
    "INSERT INTO order_facts{s} (order_name, customer, channel, region, create_time, day, "
    "counted, imported, units, gross_minor, discount_minor, cost_minor) VALUES ";
constexpr char kMarkCancelledIn[] = "UPDATE order_facts{s} SET counted = 0 WHERE order_name IN (";
constexpr char kSelectReturnsIn[] =
    "SELECT return_name FROM return_facts{s} WHERE return_name IN (";
constexpr char kInsertReturnsPrefix[] =
    "INSERT INTO return_facts{s} (return_name, order_name, customer, resolve_time, day, units, "
    "refund_minor, cost_minor, restocked) VALUES ";
constexpr char kSelectFirstsIn[] =
    "SELECT customer, first_order, first_time AS t, day, channel, region FROM customer_facts{s} "
    "WHERE customer IN (";
constexpr char kUpsertFirstsPrefix[] =
    "INSERT INTO customer_facts{s} (customer, first_order, first_time, day, channel, region) "
    "VALUES ";
constexpr char kUpsertFirstsSuffix[] =
    " ON DUPLICATE KEY UPDATE first_order = VALUES(first_order), "
    "first_time = VALUES(first_time), day = VALUES(day), channel = VALUES(channel), "
    "region = VALUES(region)";
constexpr char kDeleteFirstsIn[] = "DELETE FROM customer_facts{s} WHERE customer IN (";
constexpr char kEarliestCountedN[] =
    "SELECT order_name, create_time AS t, day, channel, region FROM order_facts{s} "
    "WHERE customer = ? AND counted = 1 ORDER BY create_time, order_name LIMIT ?";
constexpr char kSetStocksPrefix[] =
    "INSERT INTO stock_levels{s} (product, warehouse, on_hand, reserved) VALUES ";
constexpr char kSetStocksSuffix[] =
    " ON DUPLICATE KEY UPDATE on_hand = VALUES(on_hand), reserved = VALUES(reserved)";
constexpr char kSelectLeadsIn[] =
    "SELECT lead_name, create_time AS t, day, owner_rep, channel, outcome FROM lead_facts{s} "
    "WHERE lead_name IN (";
constexpr char kSaveLeadsPrefix[] =
    "INSERT INTO lead_facts{s} (lead_name, create_time, day, owner_rep, channel, outcome) "
    "VALUES ";
constexpr char kSaveLeadsSuffix[] = " ON DUPLICATE KEY UPDATE outcome = VALUES(outcome)";
constexpr char kInsertStagesPrefix[] =
    "INSERT INTO lead_stage_facts{s} (lead_name, entered_time, stage) VALUES ";
constexpr char kInsertStagesSuffix[] = " ON DUPLICATE KEY UPDATE stage = stage";
constexpr char kSelectSurveysIn[] =
    "SELECT survey_response FROM survey_facts{s} WHERE survey_response IN (";
constexpr char kInsertSurveysPrefix[] =
    "INSERT INTO survey_facts{s} (survey_response, kind, score, day) VALUES ";

// Every statement above, prepared for one table set by the FactStore constructor.
constexpr const char* kStatements[] = {kOrderExists,
                                       kInsertOrder,
                                       kInsertLinesPrefix,
                                       kInsertCreditsPrefix,
                                       kSelectOrder,
                                       kSelectLines,
                                       kSelectCredits,
                                       kMarkCancelled,
                                       kReturnExists,
                                       kInsertReturn,
                                       kInsertReturnLinesPrefix,
                                       kSelectFirst,
                                       kUpsertFirst,
                                       kDeleteFirst,
                                       kEarliestCounted,
                                       kInsertLead,
                                       kInsertStage,
                                       kSelectLead,
                                       kUpdateLead,
                                       kSetStock,
                                       kSurveyExists,
                                       kInsertSurvey,
                                       kInEnd,
                                       kInEndForUpdate,
                                       kSelectOrdersIn,
                                       kSelectLinesIn,
                                       kSelectCreditsIn,
                                       kInsertOrdersPrefix,
                                       kMarkCancelledIn,
                                       kSelectReturnsIn,
                                       kInsertReturnsPrefix,
                                       kSelectFirstsIn,
                                       kUpsertFirstsPrefix,
                                       kUpsertFirstsSuffix,
                                       kDeleteFirstsIn,
                                       kEarliestCountedN,
                                       kSetStocksPrefix,
                                       kSetStocksSuffix,
                                       kSelectLeadsIn,
                                       kSaveLeadsPrefix,
                                       kSaveLeadsSuffix,
                                       kInsertStagesPrefix,
                                       kInsertStagesSuffix,
                                       kSelectSurveysIn,
                                       kInsertSurveysPrefix};

bool Exists(db::Transaction& tx, const std::string& sql, const std::string& key) {
  return tx.Query(sql, {key})->next();
}

// A first order read from columns first .. first + 4 (1-based), its time labelled "t".
FirstOrder ReadFirst(sql::ResultSet& rs, int first = 1) {
  return {rs.getString(first), db::GetSqlTime(rs, "t"), ReadDay(rs, first + 2),
          rs.getString(first + 3), rs.getString(first + 4)};
}

void AppendLines(const domain::OrderFact& order, std::vector<db::SqlParam>& lines) {
  for (const domain::LineFact& l : order.lines) {
    lines.insert(lines.end(), {order.order, int64_t{l.line_id}, l.product, l.category, l.quantity,
                               l.gross_minor, l.discount_minor, l.cost_minor});
  }
}

void AppendCredits(const domain::OrderFact& order, std::vector<db::SqlParam>& credits) {
  for (const domain::CreditFact& c : order.credits) {
    credits.insert(credits.end(), {order.order, c.rep, int64_t{c.share_bp}});
  }
}

void AppendReturnLines(const domain::ReturnFact& ret, std::vector<db::SqlParam>& lines) {
  int64_t line_no = 0;
  for (const domain::ReturnLineFact& l : ret.lines) {
    lines.insert(lines.end(), {ret.return_name, ++line_no, l.product, l.category, l.quantity,
                               l.net_minor, l.cost_minor});
  }
}

}  // namespace

FirstOrder FirstOrderOf(const domain::OrderFact& order, absl::CivilDay day) {
  return {order.order, order.create_time, day, order.channel, order.region};
}

bool Earlier(const FirstOrder& a, const FirstOrder& b) {
  return a.time != b.time ? a.time < b.time : a.order < b.order;
}

FactStore::FactStore(TableSet set) {
  for (const char* statement : kStatements) sql_[statement] = ForTables(statement, set);
}

bool FactStore::InsertOrder(db::Transaction& tx, const domain::OrderFact& order,
                            absl::CivilDay day) const {
  if (Exists(tx, S(kOrderExists), order.order)) return false;
  tx.Exec(S(kInsertOrder), {order.order, order.customer, order.channel, order.region,
                            order.create_time, DayText(day), order.imported, order.Units(),
                            order.GrossMinor(), order.DiscountMinor(), order.CostMinor()});
  std::vector<db::SqlParam> lines;
  AppendLines(order, lines);
  if (!lines.empty()) db::ExecRows(tx, S(kInsertLinesPrefix), 8, lines);
  std::vector<db::SqlParam> credits;
  AppendCredits(order, credits);
  if (!credits.empty()) db::ExecRows(tx, S(kInsertCreditsPrefix), 3, credits);
  return true;
}

std::optional<StoredOrder> FactStore::LoadOrder(db::Transaction& tx,
                                                const std::string& order) const {
  auto rs = tx.Query(S(kSelectOrder), {order});
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
  auto lines = tx.Query(S(kSelectLines), {order});
  while (lines->next()) {
    out.fact.lines.push_back({lines->getInt(1), lines->getString(2), lines->getString(3),
                              lines->getInt64(4), lines->getInt64(5), lines->getInt64(6),
                              lines->getInt64(7)});
  }
  auto credits = tx.Query(S(kSelectCredits), {order});
  while (credits->next()) out.fact.credits.push_back({credits->getString(1), credits->getInt(2)});
  return out;
}

void FactStore::MarkCancelled(db::Transaction& tx, const std::string& order) const {
  tx.Exec(S(kMarkCancelled), {order});
}

bool FactStore::InsertReturn(db::Transaction& tx, const domain::ReturnFact& ret,
                             absl::CivilDay day) const {
  if (Exists(tx, S(kReturnExists), ret.return_name)) return false;
  tx.Exec(S(kInsertReturn),
          {ret.return_name, ret.order, ret.customer, ret.resolve_time, DayText(day), ret.Units(),
           ret.NetMinor(), ret.CostMinor(), ret.restocked});
  std::vector<db::SqlParam> lines;
  AppendReturnLines(ret, lines);
  if (!lines.empty()) db::ExecRows(tx, S(kInsertReturnLinesPrefix), 7, lines);
  return true;
}

std::optional<FirstOrder> FactStore::LoadFirstOrder(db::Transaction& tx,
                                                    const std::string& customer) const {
  auto rs = tx.Query(S(kSelectFirst), {customer});
  if (!rs->next()) return std::nullopt;
  return ReadFirst(*rs);
}

void FactStore::SaveFirstOrder(db::Transaction& tx, const std::string& customer,
                               const FirstOrder& first) const {
  tx.Exec(S(kUpsertFirst),
          {customer, first.order, first.time, DayText(first.day), first.channel, first.region});
}

void FactStore::DeleteFirstOrder(db::Transaction& tx, const std::string& customer) const {
  tx.Exec(S(kDeleteFirst), {customer});
}

std::optional<FirstOrder> FactStore::EarliestCountedOrder(db::Transaction& tx,
                                                          const std::string& customer) const {
  auto rs = tx.Query(S(kEarliestCounted), {customer});
  if (!rs->next()) return std::nullopt;
  return ReadFirst(*rs);
}

bool FactStore::InsertLead(db::Transaction& tx, const std::string& lead,
                           const StoredLead& row) const {
  if (LoadLead(tx, lead).has_value()) return false;
  tx.Exec(S(kInsertLead), {lead, row.create_time, DayText(row.day), row.owner_rep, row.channel,
                           static_cast<int64_t>(row.outcome)});
  return true;
}

void FactStore::AddLeadStage(db::Transaction& tx, const std::string& lead, const std::string& stage,
                             absl::Time entered) const {
  tx.Exec(S(kInsertStage), {lead, entered, stage});
}

std::optional<StoredLead> FactStore::LoadLead(db::Transaction& tx, const std::string& lead) const {
  auto rs = tx.Query(S(kSelectLead), {lead});
  if (!rs->next()) return std::nullopt;
  return StoredLead{db::GetSqlTime(*rs, "t"), ReadDay(*rs, 2), rs->getString(3), rs->getString(4),
                    static_cast<domain::LeadOutcome>(rs->getInt(5))};
}

void FactStore::SaveLeadOutcome(db::Transaction& tx, const std::string& lead,
                                domain::LeadOutcome outcome) const {
  tx.Exec(S(kUpdateLead), {static_cast<int64_t>(outcome), lead});
}

void FactStore::SetStock(db::Transaction& tx, const std::string& product,
                         const std::string& warehouse, int64_t on_hand, int64_t reserved) const {
  tx.Exec(S(kSetStock), {product, warehouse, on_hand, reserved});
}

bool FactStore::InsertSurvey(db::Transaction& tx, const std::string& survey_response,
                             const std::string& kind, int score, absl::CivilDay day) const {
  if (Exists(tx, S(kSurveyExists), survey_response)) return false;
  tx.Exec(S(kInsertSurvey), {survey_response, kind, int64_t{score}, DayText(day)});
  return true;
}

absl::flat_hash_map<std::string, StoredOrder> FactStore::LoadOrderHeads(
    db::Transaction& tx, const std::vector<std::string>& orders) const {
  absl::flat_hash_map<std::string, StoredOrder> out;
  QueryKeys(tx, S(kSelectOrdersIn), orders, S(kInEndForUpdate), [&](sql::ResultSet& rs) {
    StoredOrder o;
    o.fact.order = rs.getString(1);
    o.fact.customer = rs.getString(2);
    o.fact.channel = rs.getString(3);
    o.fact.region = rs.getString(4);
    o.fact.create_time = db::GetSqlTime(rs, "create_time");
    o.day = ReadDay(rs, 6);
    o.counted = rs.getInt(7) != 0;
    o.fact.imported = rs.getInt(8) != 0;
    std::string name = o.fact.order;
    out.emplace(std::move(name), std::move(o));
  });
  return out;
}

void FactStore::LoadOrderItems(db::Transaction& tx, const std::vector<std::string>& orders,
                               absl::flat_hash_map<std::string, StoredOrder>& heads) const {
  QueryKeys(tx, S(kSelectLinesIn), orders, S(kInEnd), [&](sql::ResultSet& rs) {
    heads.at(std::string(rs.getString(1)))
        .fact.lines.push_back({rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt64(5),
                               rs.getInt64(6), rs.getInt64(7), rs.getInt64(8)});
  });
  QueryKeys(tx, S(kSelectCreditsIn), orders, S(kInEnd), [&](sql::ResultSet& rs) {
    heads.at(std::string(rs.getString(1))).fact.credits.push_back({rs.getString(2), rs.getInt(3)});
  });
  // As LoadOrder reads them: lines by line id, credits by rep.
  for (const std::string& order : orders) {
    domain::OrderFact& fact = heads.at(order).fact;
    std::sort(
        fact.lines.begin(), fact.lines.end(),
        [](const domain::LineFact& a, const domain::LineFact& b) { return a.line_id < b.line_id; });
    std::sort(
        fact.credits.begin(), fact.credits.end(),
        [](const domain::CreditFact& a, const domain::CreditFact& b) { return a.rep < b.rep; });
  }
}

void FactStore::InsertOrders(db::Transaction& tx,
                             const std::vector<const StoredOrder*>& orders) const {
  if (orders.empty()) return;
  std::vector<db::SqlParam> rows, lines, credits;
  rows.reserve(orders.size() * 12);
  for (const StoredOrder* o : orders) {
    const domain::OrderFact& f = o->fact;
    rows.insert(rows.end(), {f.order, f.customer, f.channel, f.region, f.create_time,
                             DayText(o->day), o->counted, f.imported, f.Units(), f.GrossMinor(),
                             f.DiscountMinor(), f.CostMinor()});
    AppendLines(f, lines);
    AppendCredits(f, credits);
  }
  db::ExecRows(tx, S(kInsertOrdersPrefix), 12, rows);
  if (!lines.empty()) db::ExecRows(tx, S(kInsertLinesPrefix), 8, lines);
  if (!credits.empty()) db::ExecRows(tx, S(kInsertCreditsPrefix), 3, credits);
}

void FactStore::MarkCancelled(db::Transaction& tx, const std::vector<std::string>& orders) const {
  if (!orders.empty()) ExecKeys(tx, S(kMarkCancelledIn), orders, S(kInEnd));
}

absl::flat_hash_set<std::string> FactStore::ExistingReturns(
    db::Transaction& tx, const std::vector<std::string>& returns) const {
  absl::flat_hash_set<std::string> out;
  QueryKeys(tx, S(kSelectReturnsIn), returns, S(kInEnd),
            [&](sql::ResultSet& rs) { out.insert(std::string(rs.getString(1))); });
  return out;
}

void FactStore::InsertReturns(db::Transaction& tx, const std::vector<NewReturn>& returns) const {
  if (returns.empty()) return;
  std::vector<db::SqlParam> rows, lines;
  for (const NewReturn& n : returns) {
    const domain::ReturnFact& r = n.ret;
    rows.insert(rows.end(), {r.return_name, r.order, r.customer, r.resolve_time, DayText(n.day),
                             r.Units(), r.NetMinor(), r.CostMinor(), r.restocked});
    AppendReturnLines(r, lines);
  }
  db::ExecRows(tx, S(kInsertReturnsPrefix), 9, rows);
  if (!lines.empty()) db::ExecRows(tx, S(kInsertReturnLinesPrefix), 7, lines);
}

absl::flat_hash_map<std::string, FirstOrder> FactStore::LoadFirstOrders(
    db::Transaction& tx, const std::vector<std::string>& customers) const {
  absl::flat_hash_map<std::string, FirstOrder> out;
  QueryKeys(tx, S(kSelectFirstsIn), customers, S(kInEndForUpdate), [&](sql::ResultSet& rs) {
    out.emplace(std::string(rs.getString(1)), ReadFirst(rs, 2));
  });
  return out;
}

void FactStore::SaveFirstOrders(
    db::Transaction& tx, const std::vector<std::pair<std::string, FirstOrder>>& firsts) const {
  if (firsts.empty()) return;
  std::vector<db::SqlParam> rows;
  rows.reserve(firsts.size() * 6);
  for (const auto& [customer, first] : firsts) {
    rows.insert(rows.end(), {customer, first.order, first.time, DayText(first.day), first.channel,
                             first.region});
  }
  db::ExecRows(tx, S(kUpsertFirstsPrefix), 6, rows, S(kUpsertFirstsSuffix));
}

void FactStore::DeleteFirstOrders(db::Transaction& tx,
                                  const std::vector<std::string>& customers) const {
  if (!customers.empty()) ExecKeys(tx, S(kDeleteFirstsIn), customers, S(kInEnd));
}

std::vector<FirstOrder> FactStore::EarliestCountedOrders(db::Transaction& tx,
                                                         const std::string& customer,
                                                         int64_t limit) const {
  std::vector<FirstOrder> out;
  auto rs = tx.Query(S(kEarliestCountedN), {customer, limit});
  while (rs->next()) out.push_back(ReadFirst(*rs));
  return out;
}

void FactStore::SetStocks(db::Transaction& tx, const std::vector<StockLevel>& levels) const {
  if (levels.empty()) return;
  std::vector<db::SqlParam> rows;
  rows.reserve(levels.size() * 4);
  for (const StockLevel& l : levels) {
    rows.insert(rows.end(), {l.product, l.warehouse, l.on_hand, l.reserved});
  }
  db::ExecRows(tx, S(kSetStocksPrefix), 4, rows, S(kSetStocksSuffix));
}

absl::flat_hash_map<std::string, StoredLead> FactStore::LoadLeads(
    db::Transaction& tx, const std::vector<std::string>& leads) const {
  absl::flat_hash_map<std::string, StoredLead> out;
  QueryKeys(tx, S(kSelectLeadsIn), leads, S(kInEndForUpdate), [&](sql::ResultSet& rs) {
    out.emplace(std::string(rs.getString(1)),
                StoredLead{db::GetSqlTime(rs, "t"), ReadDay(rs, 3), rs.getString(4),
                           rs.getString(5), static_cast<domain::LeadOutcome>(rs.getInt(6))});
  });
  return out;
}

void FactStore::SaveLeads(db::Transaction& tx,
                          const std::vector<std::pair<std::string, StoredLead>>& leads) const {
  if (leads.empty()) return;
  std::vector<db::SqlParam> rows;
  rows.reserve(leads.size() * 6);
  for (const auto& [lead, row] : leads) {
    rows.insert(rows.end(), {lead, row.create_time, DayText(row.day), row.owner_rep, row.channel,
                             static_cast<int64_t>(row.outcome)});
  }
  db::ExecRows(tx, S(kSaveLeadsPrefix), 6, rows, S(kSaveLeadsSuffix));
}

void FactStore::AddLeadStages(db::Transaction& tx, const std::vector<LeadStage>& stages) const {
  if (stages.empty()) return;
  std::vector<db::SqlParam> rows;
  rows.reserve(stages.size() * 3);
  for (const LeadStage& s : stages) rows.insert(rows.end(), {s.lead, s.entered, s.stage});
  db::ExecRows(tx, S(kInsertStagesPrefix), 3, rows, S(kInsertStagesSuffix));
}

absl::flat_hash_set<std::string> FactStore::ExistingSurveys(
    db::Transaction& tx, const std::vector<std::string>& survey_responses) const {
  absl::flat_hash_set<std::string> out;
  QueryKeys(tx, S(kSelectSurveysIn), survey_responses, S(kInEnd),
            [&](sql::ResultSet& rs) { out.insert(std::string(rs.getString(1))); });
  return out;
}

void FactStore::InsertSurveys(db::Transaction& tx, const std::vector<SurveyAnswer>& answers) const {
  if (answers.empty()) return;
  std::vector<db::SqlParam> rows;
  rows.reserve(answers.size() * 4);
  for (const SurveyAnswer& a : answers) {
    rows.insert(rows.end(), {a.survey_response, a.kind, int64_t{a.score}, DayText(a.day)});
  }
  db::ExecRows(tx, S(kInsertSurveysPrefix), 4, rows);
}

}  // namespace sales::analytics::store
