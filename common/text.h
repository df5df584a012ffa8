// Free-text rules shared by every service: valid UTF-8, lengths counted in code points
// (a Chinese name must not get a third of the room an English one gets), and blank meaning
// empty or only white space, Unicode spaces such as U+3000 included.
#pragma once

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"

namespace sales {

// Non-blank, valid UTF-8, at most `max_len` code points; INVALID_ARGUMENT naming `field`.
absl::Status ValidateRequiredText(std::string_view field, std::string_view value, size_t max_len);

// Empty, or valid UTF-8 of at most `max_len` code points.
absl::Status ValidateOptionalText(std::string_view field, std::string_view value, size_t max_len);

}  // namespace sales
