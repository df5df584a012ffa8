// SWOT: each report finding (findings.h) classed as a strength, weakness, opportunity or
// threat, the view sales managers use to read a period. Strengths and weaknesses are what
// the period's own results say about the business (they happened, inside it); opportunities
// and threats are signals about what comes next that the business can still act on (demand
// beyond what its history predicts, revenue at risk ahead). The class follows from the
// finding's kind and direction alone, by the table below, so the figures behind a finding
// (findings.h) are the figures behind its class.
#pragma once

#include <string>

#include "services/analytics/src/domain/finding_text.h"
#include "services/analytics/src/domain/findings.h"

namespace sales::analytics::domain {

enum class SwotClass { kStrength, kWeakness, kOpportunity, kThreat };

// The class of a finding kind when its figure rose (`up`) and when it fell.
struct SwotRule {
  FindingKind kind;
  SwotClass up;
  SwotClass down;
};

inline constexpr SwotRule kSwotRules[] = {
    // Revenue against the previous period or the year before: a result of the period.
    {FindingKind::kRevenueChange, SwotClass::kStrength, SwotClass::kWeakness},
    {FindingKind::kRevenueChangeYear, SwotClass::kStrength, SwotClass::kWeakness},
    // Gross margin %: how profitably the period sold, a result.
    {FindingKind::kMarginChange, SwotClass::kStrength, SwotClass::kWeakness},
    // A category, channel, region, product or rep moving by 25% or more: a result of that
    // part of the business.
    {FindingKind::kMemberChange, SwotClass::kStrength, SwotClass::kWeakness},
    // Valuable customers slipping into at risk, about to sleep, hibernating or lost (always
    // down): their future purchases are at risk, a threat.
    {FindingKind::kSegmentMovement, SwotClass::kThreat, SwotClass::kThreat},
    // A day above the forecast's interval: demand the history did not predict, an
    // opportunity to learn from and repeat; below it: demand falling away, a threat.
    {FindingKind::kRevenueAnomaly, SwotClass::kOpportunity, SwotClass::kThreat},
    // A product selling well above its own history (always up): demand to stock and promote,
    // an opportunity.
    {FindingKind::kHotProduct, SwotClass::kOpportunity, SwotClass::kOpportunity},
    // A product selling well below its own history (always down): a result of the period, a
    // weakness of the range.
    {FindingKind::kSlowProduct, SwotClass::kWeakness, SwotClass::kWeakness},
    // Stock that runs out within two weeks at the recent rate (always down): sales lost
    // ahead unless replenished, a threat.
    {FindingKind::kLowStockCover, SwotClass::kThreat, SwotClass::kThreat},
};

// The class of `finding` by kSwotRules.
SwotClass ClassifySwot(const Finding& finding);

// The class's name in `language`: "Strength" / "优势", "Weakness" / "劣势", "Opportunity" /
// "机会", "Threat" / "威胁".
std::string SwotLabel(SwotClass swot, Language language);

}  // namespace sales::analytics::domain
