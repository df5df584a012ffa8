#include "services/analytics/src/api/kpi_watch.h"

#include <string>

namespace sales::analytics::api {
namespace {

constexpr absl::Duration kQueryTimeout = absl::Seconds(5);

server::WatchSource<v1::GetKpisRequest, v1::KpiReport> KpiSource(KpiHandlers& kpis) {
  return {
      .answer =
          [&kpis](const v1::GetKpisRequest& request) {
            return kpis.GetKpis(request, absl::Now() + kQueryTimeout);
          },
      .question_key = [](const v1::GetKpisRequest& request) { return request.SerializeAsString(); },
      // The figures and what they cover, not the feed positions (which move with every
      // event, also those that change nothing here).
      .figures_key =
          [](const v1::KpiReport& report) {
            v1::KpiReport copy = report;
            copy.clear_freshness();
            return copy.SerializeAsString();
          },
  };
}

}  // namespace

KpiWatch::KpiWatch(KpiHandlers& kpis)
    : hub_({.method = "WatchKpis",
            .min_interval = absl::Milliseconds(100),
            .full_round = absl::Seconds(1)},
           KpiSource(kpis)) {}

grpc::ServerWriteReactor<v1::KpiReport>* KpiWatch::Open(const v1::WatchKpisRequest& request) {
  v1::GetKpisRequest query;
  *query.mutable_period() = request.period();
  *query.mutable_slice() = request.slice();
  query.set_customer_activity(request.customer_activity());
  return hub_.Open(std::move(query));
}

}  // namespace sales::analytics::api
