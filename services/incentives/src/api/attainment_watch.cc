#include "services/incentives/src/api/attainment_watch.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"

namespace sales::incentives::api {
namespace {

constexpr absl::Duration kQueryTimeout = absl::Seconds(5);

server::WatchSource<AttainmentQuery, v1::Attainment> AttainmentSource(
    AttainmentHandlers& attainment) {
  return {
      .answer =
          [&attainment](const AttainmentQuery& query) {
            return attainment.Compute(query, absl::Now() + kQueryTimeout);
          },
      .question_key =
          [](const AttainmentQuery& q) {
            return absl::StrCat(q.owner.Name(), "|", q.period.Label(), "|",
                                static_cast<int>(q.metric));
          },
      // The figures, not the moment they were read.
      .figures_key =
          [](const v1::Attainment& a) {
            v1::Attainment copy = a;
            copy.clear_compute_time();
            return copy.SerializeAsString();
          },
  };
}

}  // namespace

AttainmentWatch::AttainmentWatch(AttainmentHandlers& attainment)
    : hub_({.method = "WatchAttainment",
            .min_interval = absl::Milliseconds(20),
            .full_round = absl::Seconds(2)},
           AttainmentSource(attainment)) {}

void AttainmentWatch::Notify(const std::vector<CreditTouch>& touched) {
  if (touched.empty()) return;
  // Whether credits of `touched` can change the answer to a question: a credited day in its
  // period, for the rep itself or for any team or the company.
  hub_.Notify(
      [touched = std::set<CreditTouch>(touched.begin(), touched.end())](const AttainmentQuery& q) {
        for (const auto& [rep, day] : touched) {
          if (day < q.period.FirstDay() || day >= q.period.EndDay()) continue;
          if (q.owner.kind != domain::OwnerKind::kRep || q.owner.rep == rep) return true;
        }
        return false;
      });
}

}  // namespace sales::incentives::api
