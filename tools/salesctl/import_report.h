// What the import commands (orders import, customers import) report about refused items:
// each by its line in the input file, as JSON for scripts and as lines for people, and the
// exit status a script can tell apart (FAILED_PRECONDITION, exit code 4).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"

namespace sales::salesctl {

// An item refused by salesctl (it did not parse) or by the service.
struct ImportRefusal {
  int line = 0;  // 1-based line of the input file; 0 when not known
  std::string external_ref;
  std::string message;
};

// Sorts refusals by line (the service answers in its own order).
void SortByLine(std::vector<ImportRefusal>& refusals);

// Sets "refused" (the count) and "refusals" (every one: line, externalRef, message) in `out`.
void AddRefusalsJson(const std::vector<ImportRefusal>& refusals, nlohmann::json& out);

// "  line 4 (L-2): quantity: ..." for the first ten, then how many more --json would list.
void PrintRefusals(std::ostream& out, const std::vector<ImportRefusal>& refusals);

// OK when none was refused; else FAILED_PRECONDITION "<path>: 3 <items> refused, the first at
// line 4", `items` naming what was imported ("order(s)", "item(s)").
absl::Status RefusalStatus(std::string_view path, const std::vector<ImportRefusal>& refusals,
                           std::string_view items);

}  // namespace sales::salesctl
