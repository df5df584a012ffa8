// Bridges std::string_view and Abseil. Debian's Abseil 20220623 is built with
// ABSL_OPTION_USE_STD_STRING_VIEW 0: absl::string_view is its own class and does not
// convert from std::string_view, so absl::StrCat, StrJoin, StartsWith, Base64 and the
// status constructors reject a std::string_view. Wrap it with ToAbsl() at such calls, and
// an absl::string_view (e.g. Status::message()) with ToStd() where std is wanted.
// (absl::StrFormat accepts std::string_view as it is.)
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace sales {

inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace sales
