// Status helpers: early-return macros (Abseil 20220623 has none), canonical error makers
// that name the offending field, and the one mapping from absl::Status to grpc::Status.
#pragma once

#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace grpc {
class Status;
}  // namespace grpc

#define SALES_CONCAT_INNER_(a, b) a##b
#define SALES_CONCAT_(a, b) SALES_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                   \
  do {                                          \
    if (absl::Status _st = (expr); !_st.ok()) { \
      return _st;                               \
    }                                           \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, MakeX());` assigns the value or returns the error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(SALES_CONCAT_(_status_or_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)   \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return std::move(tmp).status(); \
  lhs = std::move(tmp).value()

namespace sales {

// INVALID_ARGUMENT whose message starts with the field path, e.g. "customer.email: ...".
inline absl::Status InvalidField(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(field), ": ", ToAbsl(problem)));
}

// The one place absl codes become gRPC codes. INTERNAL and UNKNOWN messages are replaced
// by a generic text so that no SQL or stack detail reaches a caller.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace sales
