#include "common/status.h"

#include <grpcpp/support/status.h>

namespace sales {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown ||
      status.code() == absl::StatusCode::kDataLoss) {
    return grpc::Status(code, "internal error");
  }
  return grpc::Status(code, std::string(status.message()));
}

}  // namespace sales
