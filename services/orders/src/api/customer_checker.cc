#include "services/orders/src/api/customer_checker.h"

#include "absl/strings/str_cat.h"
#include "services/orders/src/domain/customer_standing.h"

namespace sales::orders::api {

namespace cv1 = ::sales::customers::v1;

namespace {

// A state this build does not know is taken for active, as before states were checked.
domain::CustomerState StateOf(cv1::CustomerState state) {
  switch (state) {
    case cv1::CUSTOMER_STATE_ARCHIVED:
      return domain::CustomerState::kArchived;
    case cv1::CUSTOMER_STATE_ERASED:
      return domain::CustomerState::kErased;
    default:
      return domain::CustomerState::kActive;
  }
}

}  // namespace

GrpcCustomerChecker::GrpcCustomerChecker(std::shared_ptr<grpc::Channel> channel)
    : stub_(cv1::CustomersService::NewStub(std::move(channel))) {}

absl::Status GrpcCustomerChecker::CheckCanOrder(const std::string& customer, absl::Time deadline) {
  grpc::ClientContext context;
  // The outgoing call inherits the incoming call's deadline.
  context.set_deadline(absl::ToChronoTime(deadline));
  cv1::GetCustomerRequest request;
  request.set_name(customer);
  cv1::Customer reply;
  const grpc::Status status = stub_->GetCustomer(&context, request, &reply);
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      break;
    case grpc::StatusCode::NOT_FOUND:
      return absl::FailedPreconditionError(
          absl::StrCat("order.customer: ", customer, " does not exist"));
    case grpc::StatusCode::INVALID_ARGUMENT:
      return absl::InvalidArgumentError(absl::StrCat("order.customer: ", status.error_message()));
    default:
      return absl::UnavailableError(absl::StrCat("customers service unavailable (",
                                                 status.error_code(), "): nothing was written"));
  }
  // The same rule as for a state learned from the feed (domain/customer_standing.h).
  return domain::CheckCanOrder("order.customer", customer, StateOf(reply.state()));
}

}  // namespace sales::orders::api
