// The one way a service (or a tool) builds its gRPC channel to another service: it
// reconnects quickly after the peer restarts, and gRPC itself retries UNAVAILABLE for the
// methods the caller names as safe to send again (a retry policy in the channel's service
// config, not a hand-written loop).
//
// Reconnect backoff: gRPC's default waits 1 s after the first failed connection attempt and
// then 1.6 times longer each time (up to 120 s), so a peer that restarted in a few seconds
// is found again only seconds after it serves. Here the wait starts at 100 ms and never
// exceeds 1 s (plus gRPC's ±20% jitter).
//
// Retries (gRFC A6; GRPC_ARG_ENABLE_RETRIES is on by default in gRPC 1.51 and set here
// anyway): gRPC always retries transparently a call that never reached the server. With a
// retry policy it also sends a failed call again when it ended UNAVAILABLE before the call
// was committed, i.e. before any response (header or message) arrived. For a unary call that
// means before the answer; for a server stream, before its first message, so a stream that
// has delivered events is never replayed (the caller resumes it from its own position).
// UNAVAILABLE does not prove that the server did nothing (a connection can drop after the
// server committed and before the answer arrived), so name only methods for which a second
// delivery is harmless: reads, and writes whose request carries a request_id.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

namespace sales {

// Reconnect backoff of every service channel: GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS and
// GRPC_ARG_MAX_RECONNECT_BACKOFF_MS (the wait grows 1.6 times per failed attempt).
inline constexpr int kReconnectInitialBackoffMs = 100;
inline constexpr int kReconnectMaxBackoffMs = 1000;
// GRPC_ARG_MIN_RECONNECT_BACKOFF_MS. Despite its name, gRPC's C core uses it only as the
// least time a connection attempt (TCP and TLS handshake) is given before it is abandoned
// (default 20 s; an attempt gets max(this, the current backoff)); it is no floor under the
// backoff. 1 s keeps a slow handshake from failing over and over, and a connection to a
// vanished address from hanging for 20 s.
inline constexpr int kConnectTimeoutMs = 1000;

// Retry policy of the retryable methods: up to 5 attempts in all, waiting a random time
// of up to 0.1 s, 0.2 s, 0.4 s, 0.8 s before the 2nd .. 5th (at most 1.5 s in all, and
// never past the call's deadline).
inline constexpr int kRetryMaxAttempts = 5;

struct ServiceChannelOptions {
  // Methods that gRPC may send again after UNAVAILABLE: "package.Service" for every method
  // of a service, "package.Service/Method" for one. Empty: transparent retries only.
  std::vector<std::string> retryable_methods = {};
  // Null: plaintext (grpc::InsecureChannelCredentials()).
  std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr;
};

// A channel to the service at `address` ("host:port", or any gRPC target).
std::shared_ptr<grpc::Channel> ServiceChannel(const std::string& address,
                                              const ServiceChannelOptions& options = {});

// The service config JSON that ServiceChannel applies for `retryable_methods`: a
// "methodConfig" with the retry policy for them (none when empty) and a "retryThrottling"
// that stops retries while most calls to the peer fail, so an outage is not multiplied.
std::string RetryServiceConfigJson(const std::vector<std::string>& retryable_methods);

}  // namespace sales
