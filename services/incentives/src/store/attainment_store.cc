#include "services/incentives/src/store/attainment_store.h"

#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/store/credit_store.h"

namespace sales::incentives::store {
namespace {

constexpr char kDayCredits[] =
    "SELECT rep_id, DATE_FORMAT(day, '%Y-%m-%d') AS day, kind, SUM(revenue) AS revenue, "
    "SUM(margin) AS margin, SUM(units) AS units, COUNT(*) AS n FROM credits "
    "WHERE day >= ? AND day < ? GROUP BY rep_id, day, kind";
constexpr char kSumByRep[] =
    "SELECT rep_id, SUM(revenue) AS revenue, SUM(margin) AS margin, SUM(units) AS units, "
    "COUNT(*) AS n FROM credits WHERE day >= ? AND day < ? GROUP BY rep_id";
// Reads ix_credits_rep (rep_id, day, id).
constexpr char kSumForRep[] =
    "SELECT rep_id, SUM(revenue) AS revenue, SUM(margin) AS margin, SUM(units) AS units, "
    "COUNT(*) AS n FROM credits WHERE rep_id = ? AND day >= ? AND day < ? GROUP BY rep_id";
constexpr char kOwnerTarget[] =
    "SELECT id, amount FROM targets "
    "WHERE metric = ? AND period = ? AND owner_kind = ? AND owner_key = ?";
constexpr char kOwnerTargets[] =
    "SELECT owner_key, id, amount FROM targets WHERE metric = ? AND period = ? AND owner_kind = ?";
constexpr char kAllReps[] =
    "SELECT id, rep_id, display_name, created_at, updated_at FROM reps ORDER BY id";
constexpr char kAllSpans[] =
    "SELECT id, rep_id, team_id, DATE_FORMAT(first_day, '%Y-%m-%d') AS first_day, "
    "DATE_FORMAT(end_day, '%Y-%m-%d') AS end_day FROM memberships ORDER BY rep_id, first_day";

struct RepSum {
  std::string rep;
  domain::CreditSum sum;
};

RepSum ReadRepSum(const db::RowReader& r) {
  RepSum s;
  s.rep = r.String("rep_id");
  s.sum.amounts = {r.Int64("revenue"), r.Int64("margin"), r.Int64("units")};
  s.sum.count = r.Int64("n");
  return s;
}

std::map<std::string, domain::CreditSum> ToMap(std::vector<RepSum> rows) {
  std::map<std::string, domain::CreditSum> out;
  for (RepSum& row : rows) out[std::move(row.rep)] = row.sum;
  return out;
}

TargetRef ReadTargetRef(const db::RowReader& r) { return {r.Int64("id"), r.Int64("amount")}; }

}  // namespace

std::vector<domain::DayCredit> ListDayCredits(db::Transaction& tx, absl::CivilDay first,
                                              absl::CivilDay end) {
  return db::QueryAll(tx, kDayCredits, {domain::DayText(first), domain::DayText(end)},
                      [](const db::RowReader& r) {
                        domain::DayCredit c;
                        c.rep = r.String("rep_id");
                        c.day = ReadDay(r, "day");
                        c.kind = r.Enum<domain::CreditKind>("kind");
                        c.amounts = {r.Int64("revenue"), r.Int64("margin"), r.Int64("units")};
                        c.count = r.Int64("n");
                        return c;
                      });
}

std::map<std::string, domain::CreditSum> SumByRep(db::Transaction& tx, absl::CivilDay first,
                                                  absl::CivilDay end) {
  return ToMap(
      db::QueryAll(tx, kSumByRep, {domain::DayText(first), domain::DayText(end)}, ReadRepSum));
}

std::map<std::string, domain::CreditSum> SumForReps(db::Transaction& tx,
                                                    const std::vector<std::string>& rep_ids,
                                                    absl::CivilDay first, absl::CivilDay end) {
  std::map<std::string, domain::CreditSum> out;
  // One range of the (rep_id, day) index per rep.
  for (const std::string& rep : rep_ids) {
    for (RepSum& row : db::QueryAll(
             tx, kSumForRep, {rep, domain::DayText(first), domain::DayText(end)}, ReadRepSum)) {
      out[std::move(row.rep)] = row.sum;
    }
  }
  return out;
}

std::optional<TargetRef> FindOwnerTarget(db::Transaction& tx, domain::Metric metric,
                                         const domain::Period& period, const domain::Owner& owner) {
  return db::QueryOne(
      tx, kOwnerTarget,
      {db::EnumNumber(metric), period.Label(), db::EnumNumber(owner.kind), owner.Key()},
      ReadTargetRef);
}

std::map<std::string, TargetRef> ListOwnerTargets(db::Transaction& tx, domain::Metric metric,
                                                  const domain::Period& period,
                                                  domain::OwnerKind kind) {
  std::map<std::string, TargetRef> out;
  for (auto& [key, ref] : db::QueryAll(
           tx, kOwnerTargets, {db::EnumNumber(metric), period.Label(), db::EnumNumber(kind)},
           [](const db::RowReader& r) {
             return std::make_pair(r.String("owner_key"), ReadTargetRef(r));
           })) {
    out[key] = ref;
  }
  return out;
}

std::vector<RepRow> ListAllReps(db::Transaction& tx) {
  return db::QueryAll<RepRow>(tx, kAllReps, {});
}

std::map<std::string, std::vector<domain::MembershipSpan>> ListAllSpans(db::Transaction& tx) {
  std::map<std::string, std::vector<domain::MembershipSpan>> out;
  for (MembershipRow& row : db::QueryAll<MembershipRow>(tx, kAllSpans, {})) {
    out[row.rep_id].push_back(row.span);
  }
  return out;
}

}  // namespace sales::incentives::store
