#include "common/client_channel.h"

#include <nlohmann/json.hpp>

namespace sales {
namespace {

// gRFC A6: each failed attempt takes a token, each success gives back `tokenRatio`; retries
// stop while no more than half of `maxTokens` are left (shared by all channels of the
// process to the same target).
constexpr int kRetryThrottleMaxTokens = 10;
constexpr double kRetryThrottleTokenRatio = 0.1;

// "package.Service" -> {"service": ...}; "package.Service/Method" -> {"service", "method"}.
nlohmann::ordered_json MethodName(const std::string& name) {
  nlohmann::ordered_json out;
  const size_t slash = name.find('/');
  out["service"] = name.substr(0, slash);
  if (slash != std::string::npos) out["method"] = name.substr(slash + 1);
  return out;
}

}  // namespace

std::string RetryServiceConfigJson(const std::vector<std::string>& retryable_methods) {
  nlohmann::ordered_json config = nlohmann::ordered_json::object();
  if (!retryable_methods.empty()) {
    nlohmann::ordered_json names = nlohmann::ordered_json::array();
    for (const std::string& method : retryable_methods) names.push_back(MethodName(method));
    nlohmann::ordered_json method_config;
    method_config["name"] = std::move(names);
    method_config["retryPolicy"] = {
        {"maxAttempts", kRetryMaxAttempts},
        {"initialBackoff", "0.1s"},
        {"maxBackoff", "1s"},
        {"backoffMultiplier", 2},
        {"retryableStatusCodes", {"UNAVAILABLE"}},
    };
    config["methodConfig"] = nlohmann::ordered_json::array({std::move(method_config)});
    config["retryThrottling"] = {{"maxTokens", kRetryThrottleMaxTokens},
                                 {"tokenRatio", kRetryThrottleTokenRatio}};
  }
  return config.dump();
}

std::shared_ptr<grpc::Channel> ServiceChannel(const std::string& address,
                                              const ServiceChannelOptions& options) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, kReconnectInitialBackoffMs);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, kConnectTimeoutMs);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kReconnectMaxBackoffMs);
  // The default in gRPC 1.51; said here so that the retry policy below cannot be off.
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  // Our service config is the one that applies: no name resolver (DNS TXT) replaces it.
  args.SetInt(GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION, 1);
  args.SetServiceConfigJSON(RetryServiceConfigJson(options.retryable_methods));
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      options.credentials != nullptr ? options.credentials : grpc::InsecureChannelCredentials();
  return grpc::CreateCustomChannel(address, credentials, args);
}

}  // namespace sales
