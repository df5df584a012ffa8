// A rep's statement as one self-contained HTML page a rep can read and check: no script, no
// font or style fetched from anywhere (it works offline), a print stylesheet. On top the
// rep, the month, the plan version and the totals; then every line with its trace (component,
// tier, rate, base, amount, and the credits and orders its base comes from, reversals pointing
// to what they reverse); adjustments name the locked statement they correct and the credits
// that caused them. Money is shown with the currency's decimals, and the rounding rule is
// stated as plan.proto states it. Every amount also sits exactly in a data-minor attribute
// (minor units), so a script can read the numbers back.
#pragma once

#include <string>

#include "sales/incentives/v1/incentives_service.pb.h"

namespace sales::salesctl {

namespace iv1 = ::sales::incentives::v1;

struct StatementHtmlInput {
  // GetStatement's answer (the full view: lines with their credits).
  iv1::Statement statement;
  // GetRep's answer for the statement's rep (its display name and team today).
  iv1::Rep rep;
};

// The page, starting with <!DOCTYPE html>.
std::string RenderStatementHtml(const StatementHtmlInput& input);

}  // namespace sales::salesctl
