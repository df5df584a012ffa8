// Configuration from command-line flags with environment-variable fallbacks:
// `--name=value` wins over `ENV_NAME=value`, which wins over the default. Every problem
// (unknown flag, bad number, out of range) is collected and reported at once, naming the
// flag and its variable, so a misconfigured pod fails fast and says why.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace sales {

class Flags final {
 public:
  // Accepts "--name=value", "--name value" and, for booleans, "--name".
  Flags(int argc, char** argv);

  std::string String(std::string_view name, std::string_view env, std::string_view fallback,
                     std::string_view help);
  int64_t Int(std::string_view name, std::string_view env, int64_t fallback, int64_t min,
              int64_t max, std::string_view help);
  bool Bool(std::string_view name, std::string_view env, bool fallback, std::string_view help);

  // Records a problem found while interpreting a setting (e.g. a bad time zone name).
  void AddError(std::string_view name, std::string_view problem);

  // Call after every setting was read: OK, or INVALID_ARGUMENT listing each bad or unknown
  // setting, e.g. "--grpc_port (SALES_GRPC_PORT): must be between 1 and 65535, got 0".
  absl::Status Check() const;
  bool help_requested() const { return help_requested_; }
  // One line per declared setting: flag, variable, default, help.
  std::string Usage() const;

 private:
  // The raw text of a setting from the flag or the environment, if given.
  const std::string* Lookup(std::string_view name, std::string_view env, std::string* storage);
  std::string Describe(std::string_view name) const;

  std::map<std::string, std::string, std::less<>> given_;  // flags from argv
  std::set<std::string, std::less<>> used_;
  std::map<std::string, std::string, std::less<>> env_of_;
  std::vector<std::string> usage_;
  std::vector<std::string> errors_;
  bool help_requested_ = false;
};

}  // namespace sales
