// Customer profiles and contacts: validation, the transaction, the events.
#pragma once

#include <memory>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/async_point_reader.h"
#include "common/db/read_coalescer.h"
#include "common/db/transaction.h"
#include "sales/customers/v1/customers_service.pb.h"
#include "services/customers/src/api/handler_context.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::api {

namespace v1 = ::sales::customers::v1;

class CustomerHandlers final {
 public:
  explicit CustomerHandlers(const HandlerContext& ctx);

  absl::StatusOr<v1::Customer> Create(const v1::CreateCustomerRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Customer> Get(const v1::GetCustomerRequest& req, absl::Time deadline);
  // The same answer without blocking the calling thread (GetCustomer's callback handler):
  // `done` runs once, on the reader's loop thread or, for a bad name, at once.
  void GetAsync(const v1::GetCustomerRequest& req, absl::Time deadline,
                absl::AnyInvocable<void(absl::StatusOr<v1::Customer>)> done);
  absl::StatusOr<v1::ListCustomersResponse> List(const v1::ListCustomersRequest& req,
                                                 absl::Time deadline);
  absl::StatusOr<v1::Customer> Update(const v1::UpdateCustomerRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Customer> Archive(const v1::ArchiveCustomerRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Customer> Unarchive(const v1::UnarchiveCustomerRequest& req,
                                         absl::Time deadline);
  absl::StatusOr<v1::BatchCreateCustomersResponse> BatchCreate(
      const v1::BatchCreateCustomersRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ErasePersonalDataResponse> ErasePersonalData(
      const v1::ErasePersonalDataRequest& req, absl::Time deadline);

  absl::StatusOr<v1::Contact> CreateContact(const v1::CreateContactRequest& req,
                                            absl::Time deadline);
  absl::StatusOr<v1::ListContactsResponse> ListContacts(const v1::ListContactsRequest& req,
                                                        absl::Time deadline);
  absl::StatusOr<v1::Contact> UpdateContact(const v1::UpdateContactRequest& req,
                                            absl::Time deadline);
  absl::StatusOr<v1::DeleteContactResponse> DeleteContact(const v1::DeleteContactRequest& req,
                                                          absl::Time deadline);

 private:
  const HandlerContext& ctx_;
  // Concurrent Gets share one statement: under load one SELECT answers many calls.
  db::ReadCoalescer<int64_t, store::CustomerRow> get_reads_;
  // GetAsync's reads: the same statement on non-blocking connections of their own.
  std::unique_ptr<db::AsyncPointReader> async_reads_;
};

// Validates a customer sent for creation and turns it into a row (id, tier and times
// unset). `field` prefixes error paths ("customer"). With `kind_optional`, an unset kind is
// accepted (ConvertLead fills it in).
absl::StatusOr<store::CustomerRow> CustomerRowForCreate(const v1::Customer& customer,
                                                        std::string_view field, bool kind_optional);

// Largest number of items of one BatchCreateCustomers call.
inline constexpr int kMaxBatchCreateItems = 500;

// Inserts a new customer with its loyalty account and CustomerCreated event; fills row.id.
absl::Status InsertNewCustomer(db::Transaction& tx, const HandlerContext& ctx,
                               store::CustomerRow& row, absl::Time now);

}  // namespace sales::customers::api
