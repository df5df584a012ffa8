#include "services/orders/src/domain/promotion_selection.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace sales::orders::domain {

bool PromotionOffer::ValidAt(absl::Time now) const { return starts_at <= now && now < ends_at; }

bool PromotionOffer::WithinLimits() const {
  if (usage_limit_total > 0 && used_count >= usage_limit_total) return false;
  if (usage_limit_per_customer > 0 && customer_uses >= usage_limit_per_customer) return false;
  return true;
}

namespace {

// Whether `offer`'s tier limit lets `member` have it; no member: no limit is checked.
bool TierAllows(const PromotionOffer& offer, const Member* member) {
  return member == nullptr || member->ladder == nullptr ||
         member->ladder->Meets(member->tier, offer.min_tier);
}

absl::StatusOr<std::vector<PromotionRule>> Select(const std::vector<std::string>& codes,
                                                  const std::vector<PromotionOffer>& offers,
                                                  absl::Time now, const Member* member) {
  std::map<std::string, const PromotionOffer*> by_code;
  for (const PromotionOffer& offer : offers) {
    if (!offer.rule.code.empty()) by_code.emplace(offer.rule.code, &offer);
  }
  std::vector<PromotionRule> chosen;
  std::set<int64_t> chosen_ids;
  for (const std::string& code : codes) {
    auto it = by_code.find(code);
    if (it == by_code.end()) {
      return InvalidField("order.promotion_codes", absl::StrCat("unknown code '", code, "'"));
    }
    const PromotionOffer& offer = *it->second;
    if (!offer.ValidAt(now)) {
      return absl::FailedPreconditionError(
          absl::StrCat("order.promotion_codes: code '", code, "' is not valid at this time"));
    }
    if (!offer.WithinLimits()) {
      return absl::FailedPreconditionError(
          absl::StrCat("order.promotion_codes: code '", code, "' has reached its usage limit"));
    }
    if (!TierAllows(offer, member)) {
      RETURN_IF_ERROR(CheckPromotionTier(code, offer.min_tier, member->customer, member->tier,
                                         *member->ladder));
    }
    if (chosen_ids.insert(offer.rule.id).second) chosen.push_back(offer.rule);
  }
  for (const PromotionOffer& offer : offers) {
    if (!offer.automatic || chosen_ids.count(offer.rule.id) > 0) continue;
    if (!offer.ValidAt(now) || !offer.WithinLimits() || !TierAllows(offer, member)) continue;
    chosen_ids.insert(offer.rule.id);
    chosen.push_back(offer.rule);
  }
  return chosen;
}

}  // namespace

absl::StatusOr<std::vector<PromotionRule>> SelectPromotions(
    const std::vector<std::string>& codes, const std::vector<PromotionOffer>& offers,
    absl::Time now) {
  return Select(codes, offers, now, nullptr);
}

absl::StatusOr<std::vector<PromotionRule>> SelectPromotions(
    const std::vector<std::string>& codes, const std::vector<PromotionOffer>& offers,
    absl::Time now, const Member& member) {
  return Select(codes, offers, now, &member);
}

}  // namespace sales::orders::domain
