// Where a lead ended, so far: still open, won or lost (a lost lead may be reopened). The
// numbers are stored (lead_facts.outcome).
#pragma once

namespace sales::analytics::domain {

enum class LeadOutcome { kOpen = 0, kWon = 1, kLost = 2 };

}  // namespace sales::analytics::domain
