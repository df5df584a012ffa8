#include "services/customers/src/domain/names.h"

#include <array>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/resource_names.h"

namespace sales::customers::domain {
namespace {

constexpr std::string_view kIdSegment = "{id}";

// Matches `name` against `pattern` segment by segment, where "{id}" stands for an id, and
// fills `ids` in order. N is the number of ids the pattern holds.
template <size_t N>
bool Match(std::string_view pattern, std::string_view name, std::array<int64_t, N>& ids) {
  size_t found = 0;
  while (true) {
    const size_t p_end = pattern.find('/');
    const size_t n_end = name.find('/');
    const std::string_view p_seg = pattern.substr(0, p_end);
    const std::string_view n_seg = name.substr(0, n_end);
    if (p_seg == kIdSegment) {
      const std::optional<int64_t> id = ParseResourceId(n_seg);
      if (!id.has_value() || found == N) return false;
      ids[found++] = *id;
    } else if (p_seg != n_seg) {
      return false;
    }
    if (p_end == std::string_view::npos || n_end == std::string_view::npos) {
      return p_end == n_end && found == N;  // both must end here
    }
    pattern.remove_prefix(p_end + 1);
    name.remove_prefix(n_end + 1);
  }
}

absl::Status Mismatch(std::string_view field, std::string_view pattern) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: must look like %s", field, pattern));
}

absl::StatusOr<int64_t> ParseSingleId(std::string_view field, std::string_view pattern,
                                      std::string_view name) {
  std::array<int64_t, 1> ids{};
  if (!Match(pattern, name, ids)) return Mismatch(field, pattern);
  return ids[0];
}

}  // namespace

absl::StatusOr<int64_t> ParseCustomerName(std::string_view field, std::string_view name) {
  return ParseSingleId(field, "customers/{id}", name);
}

absl::StatusOr<int64_t> ParseLeadName(std::string_view field, std::string_view name) {
  return ParseSingleId(field, "leads/{id}", name);
}

absl::StatusOr<int64_t> ParseInteractionName(std::string_view field, std::string_view name) {
  return ParseSingleId(field, "interactions/{id}", name);
}

absl::Status ValidateOrderName(std::string_view field, std::string_view name) {
  if (name.empty()) return absl::OkStatus();
  return ParseSingleId(field, "orders/{id}", name).status();
}

absl::StatusOr<ContactId> ParseContactName(std::string_view field, std::string_view name) {
  constexpr std::string_view kPattern = "customers/{id}/contacts/{id}";
  std::array<int64_t, 2> ids{};
  if (!Match(kPattern, name, ids)) return Mismatch(field, kPattern);
  return ContactId{ids[0], ids[1]};
}

absl::StatusOr<int64_t> ParseLoyaltyAccountName(std::string_view field, std::string_view name) {
  return ParseSingleId(field, "customers/{id}/loyaltyAccount", name);
}

absl::StatusOr<Subject> ParseSubject(std::string_view field, std::string_view name) {
  std::array<int64_t, 1> ids{};
  if (Match("customers/{id}", name, ids)) return Subject{Subject::kCustomer, ids[0]};
  if (Match("leads/{id}", name, ids)) return Subject{Subject::kLead, ids[0]};
  return Mismatch(field, "customers/{id} or leads/{id}");
}

std::string CustomerName(int64_t customer_id) { return absl::StrCat("customers/", customer_id); }

std::string LeadName(int64_t lead_id) { return absl::StrCat("leads/", lead_id); }

std::string ContactName(int64_t customer_id, int64_t contact_id) {
  return absl::StrCat("customers/", customer_id, "/contacts/", contact_id);
}

std::string InteractionName(int64_t interaction_id) {
  return absl::StrCat("interactions/", interaction_id);
}

std::string SurveyResponseName(int64_t survey_response_id) {
  return absl::StrCat("surveyResponses/", survey_response_id);
}

std::string PointEntryName(int64_t customer_id, int64_t entry_id) {
  return absl::StrCat("customers/", customer_id, "/pointEntries/", entry_id);
}

std::string LoyaltyAccountName(int64_t customer_id) {
  return absl::StrCat("customers/", customer_id, "/loyaltyAccount");
}

std::string SubjectName(const Subject& subject) {
  return subject.kind == Subject::kLead ? LeadName(subject.id) : CustomerName(subject.id);
}

}  // namespace sales::customers::domain
