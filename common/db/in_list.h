// IN lists padded to a power of two (the last key repeated, harmless in an IN list): one
// prepared statement per size class serves any number of keys up to the largest.
#pragma once

#include <cstddef>
#include <string>

namespace sales::db {

// The smallest power of two >= n (1 for n <= 1).
inline size_t PaddedInListSize(size_t n) {
  size_t padded = 1;
  while (padded < n) padded *= 2;
  return padded;
}

// "?, ?, ..." with `n` placeholders.
inline std::string InListPlaceholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

}  // namespace sales::db
