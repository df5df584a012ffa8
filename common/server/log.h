// JSON-line logs on stdout: one object per line with time (UTC, RFC 3339), level,
// service, message and any extra fields. Thread-safe; lines never interleave.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sales::log {

void Init(std::string service);

void Write(std::string_view level, std::string_view message, const nlohmann::json& fields = {});
inline void Info(std::string_view message, const nlohmann::json& fields = {}) {
  Write("info", message, fields);
}
inline void Warn(std::string_view message, const nlohmann::json& fields = {}) {
  Write("warn", message, fields);
}
inline void Error(std::string_view message, const nlohmann::json& fields = {}) {
  Write("error", message, fields);
}

}  // namespace sales::log
