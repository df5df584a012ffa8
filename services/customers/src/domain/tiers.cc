#include "services/customers/src/domain/tiers.h"

#include <charconv>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "common/codes.h"

namespace sales::customers::domain {
namespace {

constexpr size_t kMaxTierNameLength = 40;
// A tier name: 1-40 characters of [a-z0-9_-].
constexpr CodeRule kTierName{1, kMaxTierNameLength, CodeLetters::kLower, "_-", ""};

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsTierName(std::string_view name) { return IsCode(name, kTierName); }

// Digits only: from_chars alone would accept a '-' sign, and we also want no '+'.
bool ParseThreshold(std::string_view text, int64_t& out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

absl::Status BadEntry(std::string_view entry, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrFormat("tiers: entry \"%s\": %s", entry, problem));
}

}  // namespace

absl::StatusOr<TierTable> TierTable::Parse(std::string_view spec) {
  if (TrimAscii(spec).empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("tiers: at least one tier is required, e.g. \"%s\"", kDefaultSpec));
  }
  std::vector<TierRule> rules;
  while (true) {
    const size_t comma = spec.find(',');
    const std::string_view entry = TrimAscii(spec.substr(0, comma));
    const size_t colon = entry.find(':');
    if (colon == std::string_view::npos || entry.find(':', colon + 1) != std::string_view::npos) {
      return BadEntry(entry, "must look like name:spend_threshold_minor");
    }
    const std::string_view name = TrimAscii(entry.substr(0, colon));
    const std::string_view threshold_text = TrimAscii(entry.substr(colon + 1));
    if (!IsTierName(name)) {
      return BadEntry(entry, "name must be 1-40 characters of [a-z0-9_-]");
    }
    int64_t threshold = 0;
    if (!ParseThreshold(threshold_text, threshold)) {
      return BadEntry(entry, "threshold must be a non-negative integer that fits in int64");
    }
    if (rules.empty() && threshold != 0) {
      return BadEntry(entry, "the first tier must start at 0 so that every spend has a tier");
    }
    if (!rules.empty() && threshold <= rules.back().spend_threshold_minor) {
      return BadEntry(entry, absl::StrFormat("threshold must be greater than the previous one (%d)",
                                             rules.back().spend_threshold_minor));
    }
    for (const TierRule& rule : rules) {
      if (rule.name == name) return BadEntry(entry, "name is used more than once");
    }
    rules.push_back(TierRule{std::string(name), threshold});
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  return TierTable(std::move(rules));
}

std::string_view TierTable::TierFor(int64_t lifetime_spend_minor) const {
  // Few tiers, so a linear scan; rules_ is sorted and rules_[0] starts at 0. Only a
  // moved-from table is empty.
  if (rules_.empty()) return {};
  std::string_view tier = rules_.front().name;
  for (const TierRule& rule : rules_) {
    if (rule.spend_threshold_minor > lifetime_spend_minor) break;
    tier = rule.name;
  }
  return tier;
}

}  // namespace sales::customers::domain
