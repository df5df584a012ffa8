// The lifecycle of a customer record and what erasing its personal data means. One
// transition table: ACTIVE -> ARCHIVED (archive), ARCHIVED -> ACTIVE (unarchive),
// ACTIVE | ARCHIVED -> ERASED (erase personal data). ERASED is final. Every refused move is
// FAILED_PRECONDITION naming both states.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace sales::customers::domain {

// Mirrors sales.customers.v1.CustomerState without UNSPECIFIED; the numbers are the proto's.
enum class CustomerState { kActive = 1, kArchived = 2, kErased = 3 };

// The API name of a state, e.g. "CUSTOMER_STATE_ARCHIVED".
std::string_view CustomerStateName(CustomerState state);

// OK if the table allows `from` -> `to`; FAILED_PRECONDITION naming `customer` and both
// states otherwise, e.g. "cannot move customers/7 from CUSTOMER_STATE_ACTIVE to
// CUSTOMER_STATE_ACTIVE: only an archived customer can be unarchived".
absl::Status CheckCustomerTransition(std::string_view customer, CustomerState from,
                                     CustomerState to);

// Profile, contacts, interaction notes and survey comments can be changed only while the
// customer is ACTIVE: FAILED_PRECONDITION "<customer> is archived" or "<customer> is
// erased: its personal data cannot be set again".
absl::Status CheckProfileEditable(std::string_view customer, CustomerState state);

// Notes and comments about an erased customer would bring personal data back:
// FAILED_PRECONDITION naming `field` for an erased customer with non-empty `text`.
absl::Status CheckNoPersonalTextForErased(std::string_view customer, CustomerState state,
                                          std::string_view field, std::string_view text);

// What erasure leaves in a required display name (customer, contact, lead).
inline constexpr char kErasedText[] = "[erased]";

// The personal fields of a customer profile. Erasure keeps ids, kind, owner rep,
// acquisition channel, external reference, tier, times, orders, points and amounts: they
// identify or measure the business, and orders elsewhere refer to them.
struct PersonalProfile {
  std::string display_name;
  std::string email;
  std::string phone;
  std::vector<std::string> tags;  // free labels about the person: profiling data
};

// The profile after erasure: display name kErasedText, e-mail, phone and tags cleared.
PersonalProfile ErasedProfile();

// Who asked and why, validated: requested_by and legal_basis 1-200 characters, reason at
// most 500; INVALID_ARGUMENT naming the field.
absl::Status ValidateErasureRequest(std::string_view requested_by, std::string_view legal_basis,
                                    std::string_view reason);

}  // namespace sales::customers::domain
