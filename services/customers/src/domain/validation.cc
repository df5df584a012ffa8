#include "services/customers/src/domain/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace sales::customers::domain {
namespace {

constexpr size_t kMaxEmailLocalLength = 64;
constexpr size_t kMaxDomainLabelLength = 63;
constexpr size_t kMinPhoneDigits = 8;
constexpr size_t kMaxPhoneDigits = 15;
constexpr size_t kMaxExternalIdLength = 128;

absl::Status Invalid(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: %s", field, problem));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || IsUpper(c); }

// A non-empty run of at most `max_len` characters, each satisfying `pred`.
template <typename Pred>
bool IsRunOf(std::string_view s, size_t max_len, Pred pred) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

// RFC 5322 "atext" plus dots: letters, digits and the specials, but no spaces, quotes,
// commas or brackets, which would need the quoted form that no mail form accepts anyway.
bool IsLocalPartChar(char c) {
  return IsAlnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~-.").find(c) != std::string_view::npos;
}

bool IsDomainLabel(std::string_view label) {
  return IsRunOf(label, kMaxDomainLabelLength, [](char c) { return IsAlnum(c) || c == '-'; }) &&
         label.front() != '-' && label.back() != '-';
}

}  // namespace

absl::Status ValidateEmail(std::string_view field, std::string_view value) {
  if (value.empty()) return absl::OkStatus();
  if (value.size() > kMaxEmailLength) {
    return Invalid(field, absl::StrFormat("must be at most %d characters", kMaxEmailLength));
  }
  const size_t at = value.find('@');
  if (at == std::string_view::npos || value.find('@', at + 1) != std::string_view::npos) {
    return Invalid(field, "must look like local@domain.tld, with exactly one '@'");
  }
  const std::string_view local = value.substr(0, at);
  const std::string_view domain = value.substr(at + 1);
  if (local.empty() || local.size() > kMaxEmailLocalLength) {
    return Invalid(field, absl::StrFormat("the part before '@' must be 1-%d characters",
                                          kMaxEmailLocalLength));
  }
  if (!IsRunOf(local, kMaxEmailLocalLength, IsLocalPartChar) || local.front() == '.' ||
      local.back() == '.' || local.find("..") != std::string_view::npos) {
    return Invalid(field,
                   "the part before '@' may hold letters, digits, dots (not first, last or "
                   "doubled) and !#$%&'*+/=?^_`{|}~- only");
  }
  const size_t last_dot = domain.rfind('.');
  if (last_dot == std::string_view::npos) {
    return Invalid(field, "the domain must have at least one dot, like example.com");
  }
  for (size_t start = 0; start <= domain.size();) {
    size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    if (!IsDomainLabel(domain.substr(start, end - start))) {
      return Invalid(field,
                     "domain labels must be 1-63 characters of [A-Za-z0-9-], not starting or "
                     "ending with '-'");
    }
    start = end + 1;
  }
  const std::string_view tld = domain.substr(last_dot + 1);
  if (!IsRunOf(tld, kMaxDomainLabelLength, [](char c) { return IsLower(c) || IsUpper(c); }) ||
      tld.size() < 2) {
    return Invalid(field, "the top-level domain must be at least two letters");
  }
  return absl::OkStatus();
}

absl::Status ValidatePhone(std::string_view field, std::string_view value) {
  if (value.empty()) return absl::OkStatus();
  const std::string_view digits = value.substr(1);
  if (value.front() != '+' || digits.size() < kMinPhoneDigits ||
      !IsRunOf(digits, kMaxPhoneDigits, IsDigit) || digits.front() == '0') {
    return Invalid(field,
                   "must be in E.164 form, '+' and 8-15 digits not starting with 0, e.g. "
                   "+8613800138000");
  }
  return absl::OkStatus();
}

std::string NormalizeTag(std::string_view tag) {
  while (!tag.empty() && absl::ascii_isspace(static_cast<unsigned char>(tag.front()))) {
    tag.remove_prefix(1);
  }
  while (!tag.empty() && absl::ascii_isspace(static_cast<unsigned char>(tag.back()))) {
    tag.remove_suffix(1);
  }
  std::string out(tag);
  for (char& c : out) c = absl::ascii_tolower(static_cast<unsigned char>(c));
  return out;
}

absl::Status ValidateTag(std::string_view field, std::string_view value) {
  if (IsCode(value, kTag)) return absl::OkStatus();
  // Echo the tag when it is short and printable, so the caller sees which one of the list.
  const bool printable = value.size() <= kMaxTagLength && IsRunOf(value, kMaxTagLength, [](char c) {
                           return absl::ascii_isprint(static_cast<unsigned char>(c)) && c != '"';
                         });
  return Invalid(
      field, absl::StrFormat("each tag must be 1-%d characters of %s%s", kMaxTagLength,
                             CodeClassText(kTag),
                             printable ? absl::StrFormat(", not \"%s\"", value) : std::string()));
}

absl::Status ValidateExternalRef(std::string_view field_prefix, std::string_view source_system,
                                 std::string_view id) {
  if (source_system.empty() && id.empty()) return absl::OkStatus();
  const std::string source_field = absl::StrFormat("%s.source_system", field_prefix);
  const std::string id_field = absl::StrFormat("%s.id", field_prefix);
  if (source_system.empty()) return Invalid(source_field, "is required when id is set");
  if (id.empty()) return Invalid(id_field, "is required when source_system is set");
  if (absl::Status status = ValidateCode(source_field, source_system, kSourceSystem);
      !status.ok()) {
    return status;
  }
  if (!IsRunOf(id, kMaxExternalIdLength, [](char c) { return c > ' ' && c < 0x7F; })) {
    return Invalid(id_field, "must be 1-128 printable ASCII characters without spaces");
  }
  return absl::OkStatus();
}

absl::Status ValidateCurrency(std::string_view field, std::string_view code,
                              std::string_view expected) {
  if (code.empty()) {
    return Invalid(field, absl::StrFormat("is required; this deployment uses %s", expected));
  }
  if (code.size() != 3 || !IsRunOf(code, 3, IsUpper)) {
    return Invalid(field,
                   absl::StrFormat("must be a 3-letter upper-case ISO 4217 code; this deployment "
                                   "uses %s",
                                   expected));
  }
  if (code != expected) {
    return Invalid(field, absl::StrFormat("must be %s, the currency of this deployment, not %s",
                                          expected, code));
  }
  return absl::OkStatus();
}

absl::Status ValidateOptionalDate(std::string_view field, std::string_view value) {
  if (value.empty()) return absl::OkStatus();
  const auto digits = [&](size_t pos, size_t len) {
    int n = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (!IsDigit(value[i])) return -1;
      n = n * 10 + (value[i] - '0');
    }
    return n;
  };
  const auto bad = [&] {
    return Invalid(field, "must be a date YYYY-MM-DD with a year of 2000-2199, e.g. 2026-12-31");
  };
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return bad();
  const int year = digits(0, 4);
  const int month = digits(5, 2);
  const int day = digits(8, 2);
  if (year < 2000 || year > 2199 || month < 1 || month > 12 || day < 1) return bad();
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max_day = month == 2 && leap ? 29 : kDays[month - 1];
  if (day > max_day) return bad();
  return absl::OkStatus();
}

}  // namespace sales::customers::domain
