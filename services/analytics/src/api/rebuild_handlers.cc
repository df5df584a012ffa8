#include "services/analytics/src/api/rebuild_handlers.h"

#include "common/time_util.h"

namespace sales::analytics::api {
namespace {

using Phase = ingest::RebuildState::Phase;

constexpr size_t kMaxRequestIdLength = 64;

int64_t PositionOf(const std::map<std::string, int64_t>& positions, const char* feed) {
  const auto it = positions.find(feed);
  return it == positions.end() ? 0 : it->second;
}

v1::Rebuild ToProto(const ingest::RebuildState& state) {
  v1::Rebuild out;
  switch (state.phase) {
    case Phase::kNone:
      return out;
    case Phase::kRunning:
      out.set_state(v1::Rebuild::STATE_RUNNING);
      break;
    case Phase::kSucceeded:
      out.set_state(v1::Rebuild::STATE_SUCCEEDED);
      break;
    case Phase::kFailed:
      out.set_state(v1::Rebuild::STATE_FAILED);
      break;
  }
  out.set_request_id(state.request_id);
  SetProtoTime(state.start_time, out.mutable_start_time());
  if (state.phase != Phase::kRunning) SetProtoTime(state.end_time, out.mutable_end_time());
  out.set_orders_position(PositionOf(state.positions, "orders"));
  out.set_customers_position(PositionOf(state.positions, "customers"));
  out.set_orders_target(PositionOf(state.targets, "orders"));
  out.set_customers_target(PositionOf(state.targets, "customers"));
  out.set_error(state.error);
  return out;
}

}  // namespace

absl::StatusOr<v1::Rebuild> RebuildHandlers::Start(const v1::StartRebuildRequest& req,
                                                   absl::Time /*deadline*/) {
  if (req.request_id().size() > kMaxRequestIdLength) {
    return absl::InvalidArgumentError("request_id: at most 64 characters");
  }
  absl::StatusOr<ingest::RebuildState> state = rebuilder_.Start(req.request_id());
  if (!state.ok()) return state.status();
  return ToProto(*state);
}

absl::StatusOr<v1::Rebuild> RebuildHandlers::Get(const v1::GetRebuildRequest& /*req*/,
                                                 absl::Time /*deadline*/) {
  return ToProto(rebuilder_.State());
}

}  // namespace sales::analytics::api
