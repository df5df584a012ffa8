#include "tools/demo/customers_load.h"

#include <algorithm>
#include <atomic>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/people.h"

namespace sales::demo {
namespace {

namespace cv1 = ::sales::customers::v1;

constexpr size_t kBatchSize = 500;

}  // namespace

absl::StatusOr<CustomersReport> LoadCustomers(const DemoOptions& options, Clients& clients,
                                              Progress& progress,
                                              std::vector<CustomerPlan>& customers) {
  std::vector<size_t> pending;
  for (size_t i = 0; i < customers.size(); ++i) {
    if (customers[i].lead < 0 && !options.period.InHistory(customers[i].arrival)) {
      pending.push_back(i);
    }
  }
  const size_t batches = (pending.size() + kBatchSize - 1) / kBatchSize;
  std::atomic<int64_t> created{0};
  std::atomic<int64_t> existing{0};
  progress.Begin("customers", static_cast<int64_t>(pending.size()));
  RETURN_IF_ERROR(ParallelFor(batches, options.workers, [&](size_t b) -> absl::Status {
    const size_t from = b * kBatchSize;
    const size_t to = std::min(pending.size(), from + kBatchSize);
    cv1::BatchCreateCustomersRequest req;
    for (size_t k = from; k < to; ++k) {
      const CustomerPlan& c = customers[pending[k]];
      cv1::CreateCustomerRequest* item = req.add_requests();
      item->set_request_id(RequestId(options, absl::StrCat("customer-", pending[k])));
      cv1::Customer* m = item->mutable_customer();
      m->set_kind(c.company ? cv1::CUSTOMER_KIND_COMPANY : cv1::CUSTOMER_KIND_PERSON);
      m->set_display_name(c.display_name);
      m->set_email(c.email);
      m->set_phone(c.phone);
      if (c.rep >= 0) m->set_owner_rep(RepName(c.rep));
      m->set_acquisition_channel(c.acquisition);
      for (const std::string& tag : CustomerTags(c)) m->add_tags(tag);
      m->mutable_external_ref()->set_source_system("legacy-crm");
      m->mutable_external_ref()->set_id(absl::StrCat("D", options.seed, "-C", pending[k] + 1));
    }
    cv1::BatchCreateCustomersResponse resp;
    RETURN_IF_ERROR(FromGrpc("BatchCreateCustomers", CallWithRetry([&](grpc::ClientContext* ctx) {
                               return clients.customers->BatchCreateCustomers(ctx, req, &resp);
                             })));
    for (int k = 0; k < resp.results_size(); ++k) {
      const cv1::BatchCreateCustomersResult& r = resp.results(k);
      if (r.outcome() == cv1::BATCH_ITEM_OUTCOME_FAILED) {
        return absl::InternalError(absl::StrCat("BatchCreateCustomers refused customer ",
                                                pending[from + k] + 1, ": ", r.error_message()));
      }
      (r.outcome() == cv1::BATCH_ITEM_OUTCOME_CREATED ? created : existing)++;
      customers[pending[from + static_cast<size_t>(k)]].name = r.customer().name();
    }
    progress.Add(static_cast<int64_t>(to - from));
    return absl::OkStatus();
  }));
  progress.End();
  return CustomersReport{created, existing};
}

absl::StatusOr<std::string> ExampleEmail(Clients& clients) {
  cv1::ListCustomersRequest req;
  req.set_page_size(100);
  req.set_tag("web");
  cv1::ListCustomersResponse resp;
  auto ctx = CallContext(std::chrono::seconds(10));
  RETURN_IF_ERROR(
      FromGrpc("ListCustomers", clients.customers->ListCustomers(ctx.get(), req, &resp)));
  for (const cv1::Customer& c : resp.customers()) {
    if (c.kind() == cv1::CUSTOMER_KIND_PERSON && !c.email().empty()) return c.email();
  }
  return absl::NotFoundError("no demo customer with an e-mail address");
}

}  // namespace sales::demo
