#include "common/status.h"

#include <grpcpp/support/status.h>
#include <gtest/gtest.h>

namespace sales {
namespace {

TEST(ToGrpcStatusTest, OkStaysOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(ToGrpcStatusTest, HidesInternalDetail) {
  const grpc::Status status =
      ToGrpcStatus(absl::InternalError("insert: mysql error 1146: Table 'x.y' doesn't exist"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
  EXPECT_EQ(ToGrpcStatus(absl::UnknownError("stack: ...")).error_message(), "internal error");
  EXPECT_EQ(ToGrpcStatus(absl::DataLossError("page 7 corrupt")).error_message(), "internal error");
}

TEST(ToGrpcStatusTest, KeepsCodeAndMessageOfCallerErrors) {
  const grpc::Status invalid = ToGrpcStatus(InvalidField("customer.email", "must contain '@'"));
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(invalid.error_message(), "customer.email: must contain '@'");
  EXPECT_EQ(ToGrpcStatus(absl::NotFoundError("customers/1")).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ToGrpcStatus(absl::FailedPreconditionError("x")).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ToGrpcStatus(absl::UnavailableError("db down")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ToGrpcStatus(absl::AbortedError("x")).error_code(), grpc::StatusCode::ABORTED);
}

TEST(StatusMacrosTest, ReturnAndAssign) {
  const auto half = [](int x) -> absl::StatusOr<int> {
    if (x % 2 != 0) return absl::InvalidArgumentError("odd");
    return x / 2;
  };
  const auto quarter = [&](int x) -> absl::StatusOr<int> {
    ASSIGN_OR_RETURN(int h, half(x));
    ASSIGN_OR_RETURN(int q, half(h));
    return q;
  };
  EXPECT_EQ(*quarter(8), 2);
  EXPECT_EQ(quarter(6).status().message(), "odd");
  const auto check = [&](int x) -> absl::Status {
    RETURN_IF_ERROR(half(x).status());
    return absl::OkStatus();
  };
  EXPECT_TRUE(check(2).ok());
  EXPECT_FALSE(check(3).ok());
}

}  // namespace
}  // namespace sales
