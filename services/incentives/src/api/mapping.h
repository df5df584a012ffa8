// Rows to protos, and the request fields shared by several handlers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/timestamp.pb.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"
#include "services/incentives/src/store/rows.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

v1::Team ToProto(const store::TeamRow& row);
// `current`: the rep's span holding today, if any.
v1::Rep ToProto(const store::RepRow& row, const std::optional<domain::MembershipSpan>& current);
v1::Membership ToProto(const std::string& rep_id, const domain::MembershipSpan& span);
v1::Target ToProto(const store::TargetRow& row, const HandlerContext& ctx);

// "teams/{id}" -> id; INVALID_ARGUMENT naming `field`.
absl::StatusOr<int64_t> ParseTeamName(std::string_view field, std::string_view name);
// "reps/{id}" -> the id; INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> ParseRepName(std::string_view field, std::string_view name);
// "targets/{id}" -> id; INVALID_ARGUMENT naming `field`.
absl::StatusOr<int64_t> ParseTargetName(std::string_view field, std::string_view name);
// A required timestamp within 1970-9999, truncated to microseconds as stored.
absl::StatusOr<absl::Time> RequiredTime(std::string_view field, bool is_set,
                                        const google::protobuf::Timestamp& ts);

// Today in the business time zone.
absl::CivilDay Today(const HandlerContext& ctx);

}  // namespace sales::incentives::api
