#include "tests/salesctl/salesctl_runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tests/harness/subprocess.h"

namespace sales::testing {

using nlohmann::json;

json CtlResult::One() const {
  json parsed;
  EXPECT_NO_THROW(parsed = json::parse(out)) << out;
  return parsed;
}

std::vector<json> CtlResult::Lines() const {
  std::vector<json> lines;
  for (const std::string& line : OutLines()) {
    json parsed;
    EXPECT_NO_THROW(parsed = json::parse(line)) << line;
    lines.push_back(std::move(parsed));
  }
  return lines;
}

std::vector<std::string> CtlResult::OutLines() const {
  return absl::StrSplit(out, '\n', absl::SkipEmpty());
}

SalesctlRunner::SalesctlRunner(std::vector<std::string> leading_flags)
    : leading_flags_(std::move(leading_flags)) {}

CtlResult SalesctlRunner::Run(const std::vector<std::string>& args) const {
  static std::atomic<int> counter{0};
  const std::string base =
      absl::StrCat(::testing::TempDir(), "salesctl-", getpid(), "-", counter.fetch_add(1));
  // The harness gives a child one log for stdout and stderr; a shell splits stderr off.
  std::vector<std::string> argv = {
      "/bin/sh", "-c",          "err=$1; shift; exec \"$@\" 2>\"$err\"",
      "sh",      base + ".err", SALESCTL_BINARY};
  argv.insert(argv.end(), leading_flags_.begin(), leading_flags_.end());
  argv.insert(argv.end(), args.begin(), args.end());
  CtlResult result;
  std::string error;
  result.exit_code = RunCommand(argv, base + ".out", &error);
  EXPECT_GE(result.exit_code, 0) << error;
  result.out = ReadAll(base + ".out");
  result.err = ReadAll(base + ".err");
  return result;
}

CtlResult SalesctlRunner::Ok(const std::vector<std::string>& args) const {
  CtlResult r = Run(args);
  EXPECT_EQ(r.exit_code, 0) << absl::StrJoin(args, " ") << "\nstdout: " << r.out
                            << "\nstderr: " << r.err;
  return r;
}

void SalesctlRunner::ExpectUsage(const std::vector<std::string>& args,
                                 const std::string& flag) const {
  CtlResult r = Run(args);
  EXPECT_EQ(r.exit_code, 2) << absl::StrJoin(args, " ") << "\n" << r.err;
  EXPECT_TRUE(absl::StartsWith(r.err, absl::StrCat("error: INVALID_ARGUMENT: ", flag, ": ")))
      << absl::StrJoin(args, " ") << "\n"
      << r.err;
  EXPECT_EQ(r.out, "");
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  for (absl::string_view piece : absl::StrSplit(line, "  ", absl::SkipEmpty())) {
    piece = absl::StripAsciiWhitespace(piece);
    if (!piece.empty()) cells.emplace_back(piece);
  }
  return cells;
}

std::vector<std::string> Row(const std::string& out, const std::string& first) {
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    std::vector<std::string> cells = Cells(std::string(line));
    if (!cells.empty() && cells[0] == first) return cells;
  }
  return {};
}

std::vector<std::string> Row2(const std::string& out, const std::string& first,
                              const std::string& second) {
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    std::vector<std::string> cells = Cells(std::string(line));
    if (cells.size() >= 2 && cells[0] == first && cells[1] == second) return cells;
  }
  return {};
}

std::string Cell(const std::string& out, const std::string& first, size_t index) {
  const std::vector<std::string> cells = Row(out, first);
  return index < cells.size() ? cells[index] : "";
}

}  // namespace sales::testing
