#include "tools/salesctl/errors.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tools/salesctl/cli_context.h"
#include "tools/salesctl/exit_codes.h"

namespace sales::salesctl {
namespace {

TEST(Errors, CanonicalCodeAndMessage) {
  std::ostringstream out;
  const int code = ReportError(FromGrpc(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                                     "customer.email: must look like x")),
                               out);
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(out.str(), "error: INVALID_ARGUMENT: customer.email: must look like x\n");
}

TEST(Errors, ExitCodesTellKindsApart) {
  EXPECT_EQ(ExitCodeFor(absl::OkStatus()), kExitOk);
  EXPECT_EQ(ExitCodeFor(absl::InvalidArgumentError("x")), kExitUsage);
  EXPECT_EQ(ExitCodeFor(absl::NotFoundError("x")), kExitNotFound);
  EXPECT_EQ(ExitCodeFor(absl::FailedPreconditionError("x")), kExitRefused);
  EXPECT_EQ(ExitCodeFor(absl::AlreadyExistsError("x")), kExitRefused);
  EXPECT_EQ(ExitCodeFor(absl::AbortedError("x")), kExitRefused);
  EXPECT_EQ(ExitCodeFor(absl::UnavailableError("x")), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::DeadlineExceededError("x")), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::InternalError("x")), kExitOther);
}

TEST(RequestId, LooksLikeAUuidAndDiffers) {
  const std::string a = NewRequestId();
  const std::string b = NewRequestId();
  EXPECT_EQ(a.size(), 36u);
  EXPECT_EQ(a[8], '-');
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace sales::salesctl
