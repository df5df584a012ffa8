// Leads and the funnel: creation, stage changes checked against the funnel table, and
// conversion of a won lead into a customer.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/customers/v1/customers_service.pb.h"
#include "services/customers/src/api/handler_context.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::api {

namespace v1 = ::sales::customers::v1;

class LeadHandlers final {
 public:
  explicit LeadHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Lead> Create(const v1::CreateLeadRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Lead> Get(const v1::GetLeadRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListLeadsResponse> List(const v1::ListLeadsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Lead> Update(const v1::UpdateLeadRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Lead> ChangeStage(const v1::ChangeLeadStageRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ConvertLeadResponse> Convert(const v1::ConvertLeadRequest& req,
                                                  absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

// Validates a lead sent for creation (errors name "lead.<field>") and turns it into a row in
// stage LEAD (id and times unset); amounts must be in `currency`.
absl::StatusOr<store::LeadRow> LeadRowForCreate(const v1::Lead& lead, const std::string& currency);

}  // namespace sales::customers::api
