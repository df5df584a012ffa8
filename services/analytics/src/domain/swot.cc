#include "services/analytics/src/domain/swot.h"

namespace sales::analytics::domain {

SwotClass ClassifySwot(const Finding& finding) {
  for (const SwotRule& rule : kSwotRules) {
    if (rule.kind == finding.kind) return finding.up ? rule.up : rule.down;
  }
  return finding.up ? SwotClass::kStrength : SwotClass::kWeakness;
}

std::string SwotLabel(SwotClass swot, Language language) {
  const bool zh = language == Language::kChinese;
  switch (swot) {
    case SwotClass::kStrength:
      return zh ? "优势" : "Strength";
    case SwotClass::kWeakness:
      return zh ? "劣势" : "Weakness";
    case SwotClass::kOpportunity:
      return zh ? "机会" : "Opportunity";
    case SwotClass::kThreat:
      return zh ? "威胁" : "Threat";
  }
  return "";
}

}  // namespace sales::analytics::domain
