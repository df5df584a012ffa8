// Plans and statements between their protos and the domain: a version's terms (validated,
// the field named on error), stored rows to protos, a statement to its proto.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"
#include "services/incentives/src/domain/plan.h"
#include "services/incentives/src/domain/statement.h"
#include "services/incentives/src/store/plan_store.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

// The terms of `version` (its policies and components), validated: INVALID_ARGUMENT naming
// the field under `field`, e.g. "version.components[0].commission.tiers[1].from_bp".
absl::StatusOr<domain::PlanTerms> TermsFromProto(std::string_view field,
                                                 const v1::PlanVersion& version);
// The stored terms of a version (as written by TermsBytes).
domain::PlanTerms StoredTerms(const store::PlanVersionRow& row);
// What is stored of a version: its policies and components only.
std::string TermsBytes(const v1::PlanVersion& version);

v1::Plan ToProto(const store::PlanRow& row);
v1::PlanVersion ToProto(const store::PlanVersionRow& row);
v1::PlanAssignment ToProto(const store::PlanAssignmentRow& row);

// "plans/{id}" -> id.
absl::StatusOr<int64_t> ParsePlanName(std::string_view field, std::string_view name);
// "plans/{id}/versions/{n}" -> (id, n).
absl::StatusOr<std::pair<int64_t, int>> ParsePlanVersionName(std::string_view field,
                                                             std::string_view name);

// "reps/{id}/statements/{YYYY-MM}".
std::string StatementName(const std::string& rep_id, const std::string& period);
// A computed statement; with `full` the lines carry their credits.
v1::Statement ToProto(const domain::Statement& s, const HandlerContext& ctx, bool full);

}  // namespace sales::incentives::api
