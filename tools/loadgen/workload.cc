#include "tools/loadgen/workload.h"

#include "absl/strings/str_cat.h"

namespace sales::loadgen {
namespace {

// The source system the load generator's external refs claim to come from.
constexpr char kExternalSource[] = "loadgen";

}  // namespace

v1::CreateCustomerRequest Workload::NextCreate(bool with_request_id) {
  const int64_t n = next_.fetch_add(1, std::memory_order_relaxed);
  const std::string key = absl::StrCat("lg-", run_tag_, "-", n);
  v1::CreateCustomerRequest req;
  v1::Customer* customer = req.mutable_customer();
  customer->set_kind(v1::CUSTOMER_KIND_PERSON);
  customer->set_display_name(absl::StrCat("Loadgen customer ", run_tag_, " #", n));
  customer->mutable_external_ref()->set_source_system(kExternalSource);
  customer->mutable_external_ref()->set_id(key);
  if (with_request_id) req.set_request_id(key);
  return req;
}

void Workload::AddCreated(const std::vector<std::string>& names) {
  created_.insert(created_.end(), names.begin(), names.end());
}

v1::GetCustomerRequest Workload::RandomGet(std::mt19937_64& rng) const {
  std::uniform_int_distribution<size_t> pick(0, created_.size() - 1);
  v1::GetCustomerRequest req;
  req.set_name(created_[pick(rng)]);
  return req;
}

}  // namespace sales::loadgen
