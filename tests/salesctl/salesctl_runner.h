// Runs the salesctl binary as a user would, against a test's servers, with stdout and
// stderr apart; and reads the tables it prints. Shared by every salesctl end-to-end test.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sales::testing {

struct CtlResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  // stdout as one JSON value (what --json prints for one answer).
  nlohmann::json One() const;
  // stdout's lines, each a JSON value (what --json prints for a list or a stream).
  std::vector<nlohmann::json> Lines() const;
  // stdout's non-empty lines.
  std::vector<std::string> OutLines() const;
};

// salesctl with fixed leading flags (the servers' addresses), run once per call.
class SalesctlRunner final {
 public:
  explicit SalesctlRunner(std::vector<std::string> leading_flags);

  // Runs salesctl with the leading flags, then `args`.
  CtlResult Run(const std::vector<std::string>& args) const;
  // Runs a command that must succeed (exit 0).
  CtlResult Ok(const std::vector<std::string>& args) const;
  // A usage error: exit 2, stderr starting with "error: INVALID_ARGUMENT: <flag>: ", nothing
  // on stdout.
  void ExpectUsage(const std::vector<std::string>& args, const std::string& flag) const;

 private:
  std::vector<std::string> leading_flags_;
};

// A whole file as text ("" when it cannot be read).
std::string ReadAll(const std::string& path);

// The cells of a table line: columns are two or more spaces apart, a cell holds single ones.
std::vector<std::string> Cells(const std::string& line);
// The cells of the first line of `out` whose first cell is `first`; empty when none.
std::vector<std::string> Row(const std::string& out, const std::string& first);
// The cells of the first line of `out` whose first two cells are `first` and `second`.
std::vector<std::string> Row2(const std::string& out, const std::string& first,
                              const std::string& second);
// Cell `index` of the row Row finds; "" when there is none.
std::string Cell(const std::string& out, const std::string& first, size_t index);

}  // namespace sales::testing
