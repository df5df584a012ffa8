// Resource names of the customers API (AIP-122): parsing them into ids and formatting ids
// back into names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace sales::customers::domain {

// "customers/{customer_id}/contacts/{contact_id}".
struct ContactId {
  int64_t customer_id = 0;
  int64_t contact_id = 0;
  friend bool operator==(const ContactId&, const ContactId&) = default;
};

// What an interaction is about: "customers/{id}" or "leads/{id}".
struct Subject {
  enum Kind { kCustomer, kLead };
  Kind kind = kCustomer;
  int64_t id = 0;
  friend bool operator==(const Subject&, const Subject&) = default;
};

// Every parser accepts ids as positive int64 in canonical decimal only: no sign, no leading
// zero, no overflow, so that one resource has exactly one name. Anything else is
// INVALID_ARGUMENT "<field>: must look like <pattern>".
absl::StatusOr<int64_t> ParseCustomerName(std::string_view field, std::string_view name);
absl::StatusOr<int64_t> ParseLeadName(std::string_view field, std::string_view name);
absl::StatusOr<int64_t> ParseInteractionName(std::string_view field, std::string_view name);
// An optional reference to an order of the orders service: empty or "orders/{id}".
absl::Status ValidateOrderName(std::string_view field, std::string_view name);
absl::StatusOr<ContactId> ParseContactName(std::string_view field, std::string_view name);
// "customers/{id}/loyaltyAccount" -> the customer id.
absl::StatusOr<int64_t> ParseLoyaltyAccountName(std::string_view field, std::string_view name);
absl::StatusOr<Subject> ParseSubject(std::string_view field, std::string_view name);

std::string CustomerName(int64_t customer_id);
std::string LeadName(int64_t lead_id);
std::string ContactName(int64_t customer_id, int64_t contact_id);
std::string InteractionName(int64_t interaction_id);
std::string SurveyResponseName(int64_t survey_response_id);
std::string PointEntryName(int64_t customer_id, int64_t entry_id);
std::string LoyaltyAccountName(int64_t customer_id);
std::string SubjectName(const Subject& subject);

}  // namespace sales::customers::domain
