#include "common/server/flags.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/absl_compat.h"

namespace sales {
namespace {

// Stands for "--name" given without a value. argv strings cannot hold a NUL, so no real
// value can look like this.
const std::string& BareFlag() {
  static const std::string* const bare = new std::string("\0bare", 5);
  return *bare;
}

}  // namespace

Flags::Flags(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    if (!absl::StartsWith(arg, "--") || arg.size() == 2) {
      errors_.push_back(absl::StrCat("unexpected argument '", arg, "'"));
      continue;
    }
    const absl::string_view body = arg.substr(2);
    const size_t eq = body.find('=');
    if (eq != absl::string_view::npos) {
      given_[std::string(body.substr(0, eq))] = std::string(body.substr(eq + 1));
    } else if (i + 1 < argc && !absl::StartsWith(argv[i + 1], "--")) {
      given_[std::string(body)] = argv[++i];
    } else {
      given_[std::string(body)] = BareFlag();
    }
  }
}

const std::string* Flags::Lookup(std::string_view name, std::string_view env,
                                 std::string* storage) {
  used_.emplace(name);
  env_of_[std::string(name)] = std::string(env);
  if (auto it = given_.find(name); it != given_.end()) return &it->second;
  if (!env.empty()) {
    if (const char* value = std::getenv(std::string(env).c_str()); value != nullptr) {
      *storage = value;
      return storage;
    }
  }
  return nullptr;
}

std::string Flags::Describe(std::string_view name) const {
  auto it = env_of_.find(name);
  if (it == env_of_.end() || it->second.empty()) return absl::StrCat("--", ToAbsl(name));
  return absl::StrCat("--", ToAbsl(name), " (", it->second, ")");
}

void Flags::AddError(std::string_view name, std::string_view problem) {
  errors_.push_back(absl::StrCat(Describe(name), ": ", ToAbsl(problem)));
}

std::string Flags::String(std::string_view name, std::string_view env, std::string_view fallback,
                          std::string_view help) {
  std::string storage;
  const std::string* raw = Lookup(name, env, &storage);
  usage_.push_back(absl::StrCat("  ", Describe(name), "  ", ToAbsl(help), " [default: \"",
                                ToAbsl(fallback), "\"]"));
  if (raw == nullptr) return std::string(fallback);
  if (*raw == BareFlag()) {
    AddError(name, "needs a value");
    return std::string(fallback);
  }
  return *raw;
}

int64_t Flags::Int(std::string_view name, std::string_view env, int64_t fallback, int64_t min,
                   int64_t max, std::string_view help) {
  std::string storage;
  const std::string* raw = Lookup(name, env, &storage);
  usage_.push_back(absl::StrCat("  ", Describe(name), "  ", ToAbsl(help), " [default: ", fallback,
                                ", range ", min, "..", max, "]"));
  if (raw == nullptr) return fallback;
  if (*raw == BareFlag()) {
    AddError(name, "needs a value");
    return fallback;
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(*raw, &value)) {
    AddError(name, absl::StrCat("must be an integer, got '", *raw, "'"));
    return fallback;
  }
  if (value < min || value > max) {
    AddError(name, absl::StrCat("must be between ", min, " and ", max, ", got ", value));
    return fallback;
  }
  return value;
}

bool Flags::Bool(std::string_view name, std::string_view env, bool fallback,
                 std::string_view help) {
  std::string storage;
  const std::string* raw = Lookup(name, env, &storage);
  usage_.push_back(absl::StrCat("  ", Describe(name), "  ", ToAbsl(help),
                                " [default: ", fallback ? "true" : "false", "]"));
  if (raw == nullptr) return fallback;
  if (*raw == BareFlag()) return true;
  const std::string lower = absl::AsciiStrToLower(*raw);
  if (lower == "true" || lower == "1") return true;
  if (lower == "false" || lower == "0") return false;
  AddError(name, absl::StrCat("must be true, false, 1 or 0, got '", *raw, "'"));
  return fallback;
}

absl::Status Flags::Check() const {
  std::vector<std::string> problems = errors_;
  for (const auto& [name, value] : given_) {
    // Unknown flags are errors: a typo must not silently fall back to a default.
    if (!used_.contains(name)) problems.push_back(absl::StrCat("--", name, ": unknown flag"));
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("invalid configuration: ", absl::StrJoin(problems, "; ")));
}

std::string Flags::Usage() const {
  return absl::StrCat("Settings (a flag wins over its environment variable):\n",
                      absl::StrJoin(usage_, "\n"), "\n");
}

}  // namespace sales
