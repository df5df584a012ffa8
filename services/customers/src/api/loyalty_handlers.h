// Loyalty accounts, the append-only points ledger and membership tiers.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/customers/v1/customers_service.pb.h"
#include "services/customers/src/api/handler_context.h"

namespace sales::customers::api {

namespace v1 = ::sales::customers::v1;

class LoyaltyHandlers final {
 public:
  explicit LoyaltyHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::LoyaltyAccount> GetAccount(const v1::GetLoyaltyAccountRequest& req,
                                                absl::Time deadline);
  absl::StatusOr<v1::PointEntry> Earn(const v1::EarnPointsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::PointEntry> Redeem(const v1::RedeemPointsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::PointEntry> Expire(const v1::ExpirePointsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::PointEntry> Adjust(const v1::AdjustPointsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListPointEntriesResponse> ListEntries(const v1::ListPointEntriesRequest& req,
                                                           absl::Time deadline);
  absl::StatusOr<v1::ListTiersResponse> ListTiers(const v1::ListTiersRequest& req);

 private:
  // One ledger change, whatever its kind.
  struct Change {
    int kind = 0;  // PointEntryKind number
    int64_t points = 0;
    int64_t spend_minor = 0;
    std::string reason;
    std::string order;
  };
  absl::StatusOr<v1::PointEntry> Apply(std::string_view method,
                                       const google::protobuf::Message& req,
                                       std::string_view request_id, std::string_view account,
                                       const Change& change, absl::Time deadline);

  const HandlerContext& ctx_;
};

}  // namespace sales::customers::api
