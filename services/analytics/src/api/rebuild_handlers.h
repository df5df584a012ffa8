// StartRebuild and GetRebuild: the rebuild's state as the API shows it.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/ingest/rebuild.h"

namespace sales::analytics::api {

class RebuildHandlers final {
 public:
  explicit RebuildHandlers(ingest::Rebuilder& rebuilder) : rebuilder_(rebuilder) {}

  absl::StatusOr<v1::Rebuild> Start(const v1::StartRebuildRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Rebuild> Get(const v1::GetRebuildRequest& req, absl::Time deadline);

 private:
  ingest::Rebuilder& rebuilder_;
};

}  // namespace sales::analytics::api
