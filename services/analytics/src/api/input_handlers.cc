#include "services/analytics/src/api/input_handlers.h"

#include <array>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "common/codes.h"
#include "common/idempotency.h"
#include "common/status.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/inputs.h"
#include "services/analytics/src/store/input_store.h"

namespace sales::analytics::api {
namespace {

using absl::CivilDay;
using domain::InputKind;

constexpr int kMaxDays = 3660;
constexpr std::array<std::string_view, 4> kChannels = {"CHANNEL_STORE", "CHANNEL_WEB",
                                                       "CHANNEL_PHONE", "CHANNEL_PARTNER"};

absl::Status ValidateChannel(const std::string& channel) {
  for (std::string_view c : kChannels) {
    if (channel == c) return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "channel: must be CHANNEL_STORE, CHANNEL_WEB, CHANNEL_PHONE or CHANNEL_PARTNER, got '",
      channel, "'"));
}

// What every input request carries, checked.
struct InputRange {
  CivilDay first;
  int days = 0;
};

absl::StatusOr<InputRange> ReadRange(const std::string& first_day, const std::string& last_day) {
  ASSIGN_OR_RETURN(const CivilDay first, ReadDay(first_day, "first_day"));
  ASSIGN_OR_RETURN(const CivilDay last, ReadDay(last_day, "last_day"));
  if (last < first) return absl::InvalidArgumentError("last_day: must not be before first_day");
  if (last - first >= kMaxDays) {
    return absl::InvalidArgumentError(absl::StrCat("last_day: at most ", kMaxDays, " days"));
  }
  return InputRange{first, static_cast<int>(last - first) + 1};
}

absl::StatusOr<int64_t> ReadMoney(const sales::common::v1::Money& money,
                                  const std::string& currency, bool positive) {
  if (money.currency_code() != currency) {
    return absl::InvalidArgumentError(absl::StrCat("amount.currency_code: must be ", currency,
                                                   ", got '", money.currency_code(), "'"));
  }
  if (money.minor_units() < 0 || (positive && money.minor_units() == 0)) {
    return absl::InvalidArgumentError(positive ? "amount.minor_units: must be positive"
                                               : "amount.minor_units: must not be negative");
  }
  return money.minor_units();
}

// One shape for the three: record `amount` of `kind` for `key` over the range.
absl::StatusOr<v1::RecordedInput> Record(const HandlerContext& ctx, absl::Time deadline,
                                         std::string_view method,
                                         const google::protobuf::Message& request,
                                         const std::string& request_id, InputKind kind,
                                         const std::string& key, const InputRange& range,
                                         int64_t amount, const std::string& currency) {
  return RunIdempotent<v1::RecordedInput>(
      *ctx.pool, deadline, method, request, request_id,
      [&](db::Transaction& tx) -> absl::StatusOr<v1::RecordedInput> {
        store::SetInputDays(tx, kind, key, range.first, domain::SpreadOverDays(amount, range.days));
        v1::RecordedInput out;
        out.set_kind(domain::InputKindKey(kind));
        out.set_key(key);
        out.set_first_day(DayString(range.first));
        out.set_last_day(DayString(range.first + (range.days - 1)));
        out.set_amount(amount);
        out.set_currency_code(currency);
        return out;
      });
}

}  // namespace

absl::StatusOr<v1::RecordedInput> InputHandlers::RecordMarketingSpend(
    const v1::RecordMarketingSpendRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateChannel(req.channel()));
  ASSIGN_OR_RETURN(const InputRange range, ReadRange(req.first_day(), req.last_day()));
  ASSIGN_OR_RETURN(const int64_t amount, ReadMoney(req.amount(), ctx_.currency, false));
  return Record(ctx_, deadline, "RecordMarketingSpend", req, req.request_id(),
                InputKind::kMarketingSpend, req.channel(), range, amount, ctx_.currency);
}

absl::StatusOr<v1::RecordedInput> InputHandlers::RecordMarketSize(
    const v1::RecordMarketSizeRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateCode("region", req.region(), kRegionCode));
  ASSIGN_OR_RETURN(const InputRange range, ReadRange(req.first_day(), req.last_day()));
  ASSIGN_OR_RETURN(const int64_t amount, ReadMoney(req.amount(), ctx_.currency, true));
  return Record(ctx_, deadline, "RecordMarketSize", req, req.request_id(), InputKind::kMarketSize,
                req.region(), range, amount, ctx_.currency);
}

absl::StatusOr<v1::RecordedInput> InputHandlers::RecordSiteVisits(
    const v1::RecordSiteVisitsRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateChannel(req.channel()));
  ASSIGN_OR_RETURN(const InputRange range, ReadRange(req.first_day(), req.last_day()));
  if (req.visits() < 0) return absl::InvalidArgumentError("visits: must not be negative");
  return Record(ctx_, deadline, "RecordSiteVisits", req, req.request_id(), InputKind::kSiteVisits,
                req.channel(), range, req.visits(), "");
}

}  // namespace sales::analytics::api
