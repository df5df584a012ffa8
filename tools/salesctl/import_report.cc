#include "tools/salesctl/import_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace sales::salesctl {
namespace {

constexpr size_t kShownRefusals = 10;

}  // namespace

void SortByLine(std::vector<ImportRefusal>& refusals) {
  std::stable_sort(refusals.begin(), refusals.end(),
                   [](const ImportRefusal& a, const ImportRefusal& b) { return a.line < b.line; });
}

void AddRefusalsJson(const std::vector<ImportRefusal>& refusals, nlohmann::json& out) {
  out["refused"] = refusals.size();
  out["refusals"] = nlohmann::json::array();
  for (const ImportRefusal& r : refusals) {
    out["refusals"].push_back(
        {{"line", r.line}, {"externalRef", r.external_ref}, {"message", r.message}});
  }
}

void PrintRefusals(std::ostream& out, const std::vector<ImportRefusal>& refusals) {
  for (size_t i = 0; i < refusals.size() && i < kShownRefusals; ++i) {
    const ImportRefusal& r = refusals[i];
    out << "  line " << r.line << " (" << (r.external_ref.empty() ? "-" : r.external_ref)
        << "): " << r.message << "\n";
  }
  if (refusals.size() > kShownRefusals) {
    out << "  ... and " << refusals.size() - kShownRefusals << " more (--json lists all)\n";
  }
}

absl::Status RefusalStatus(std::string_view path, const std::vector<ImportRefusal>& refusals,
                           std::string_view items) {
  if (refusals.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(ToAbsl(path), ": ", refusals.size(), " ",
                                                    ToAbsl(items), " refused, the first at line ",
                                                    refusals.front().line));
}

}  // namespace sales::salesctl
