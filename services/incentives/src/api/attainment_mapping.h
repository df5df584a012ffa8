// Attainment, leaderboard and honour values to protos.
#pragma once

#include <optional>

#include "absl/time/civil_time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/attainment_handlers.h"
#include "services/incentives/src/api/handler_context.h"
#include "services/incentives/src/domain/attainment.h"
#include "services/incentives/src/store/attainment_store.h"
#include "services/incentives/src/store/honour_store.h"

namespace sales::incentives::api {

// The attainment of `q`, whose credits sum to `sum`, against `target`, as of `today`.
v1::Attainment AttainmentToProto(const AttainmentQuery& q, const domain::CreditSum& sum,
                                 const std::optional<store::TargetRef>& target,
                                 absl::CivilDay today, const HandlerContext& ctx);

v1::Honour HonourToProto(const store::HonourRow& row, const HandlerContext& ctx);

}  // namespace sales::incentives::api
