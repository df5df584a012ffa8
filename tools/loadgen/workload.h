// What the load generator sends: creates with unique names and external refs (so every
// insert also checks the unique index), and gets of customers created earlier in the run.
// Both drivers take their requests from here, so gRPC and direct phases do the same work.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sales/customers/v1/customers_service.pb.h"

namespace sales::loadgen {

namespace v1 = ::sales::customers::v1;

// The kinds of call a phase repeats.
enum class Operation {
  kCreate,               // CreateCustomer without request_id
  kCreateWithRequestId,  // CreateCustomer with a fresh request_id (idempotency record)
  kGet,                  // GetCustomer of a random customer created earlier
};

class Workload final {
 public:
  // `run_tag` makes names unique across runs against the same database.
  explicit Workload(std::string run_tag) : run_tag_(std::move(run_tag)) {}

  // Thread-safe: every call gets a new sequence number.
  v1::CreateCustomerRequest NextCreate(bool with_request_id);

  // Adds customers that Get phases may read; call between phases only.
  void AddCreated(const std::vector<std::string>& names);
  size_t created_count() const { return created_.size(); }
  // Forgets every name added after the first `count`; call between phases only.
  void TruncateCreated(size_t count) { created_.resize(std::min(count, created_.size())); }
  // A uniformly random customer among those added; needs created_count() > 0.
  v1::GetCustomerRequest RandomGet(std::mt19937_64& rng) const;

 private:
  const std::string run_tag_;
  std::atomic<int64_t> next_{0};
  std::vector<std::string> created_;  // "customers/{id}"
};

}  // namespace sales::loadgen
