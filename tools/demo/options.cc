#include "tools/demo/options.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sales::demo {

std::string RequestId(const DemoOptions& options, const std::string& what) {
  std::string id = absl::StrCat("demo", options.seed, "-", what);
  if (id.size() <= 64) return id;
  // Too long for a request_id: a 64-bit FNV-1a hash of it, still unique enough and stable.
  uint64_t h = 1469598103934665603ULL;
  for (const char c : id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return absl::StrFormat("demo%d-h%016x", options.seed, h);
}

}  // namespace sales::demo
