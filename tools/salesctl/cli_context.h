// What every command shares: the global flags (addresses, deadline, output mode, currency,
// request_id), the channels and stubs to the services, money in the deployment currency,
// and the action the parsed command runs.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sales/analytics/v1/analytics_service.grpc.pb.h"
#include "sales/common/v1/money.pb.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "sales/orders/v1/orders_service.grpc.pb.h"
#include "tools/salesctl/errors.h"

namespace sales::salesctl {

namespace cv1 = ::sales::customers::v1;
namespace ov1 = ::sales::orders::v1;
namespace ev1 = ::sales::events::v1;
namespace av1 = ::sales::analytics::v1;
namespace iv1 = ::sales::incentives::v1;

enum class OutputMode { kTable, kJson, kQuiet };

// Default gRPC ports of scripts/run (plus SALES_RUN_PORT_OFFSET).
inline constexpr int kCustomersPort = 50051;
inline constexpr int kOrdersPort = 50052;
inline constexpr int kAnalyticsPort = 50053;
inline constexpr int kIncentivesPort = 50054;
inline constexpr double kDefaultTimeoutSeconds = 10;
inline constexpr int kDefaultLimit = 50;

// The global flags, bound by main.cc.
struct GlobalOptions {
  std::string customers_addr;
  std::string orders_addr;
  std::string analytics_addr;
  std::string incentives_addr;
  double timeout_seconds = kDefaultTimeoutSeconds;
  // Whether --timeout was given (streams then get a deadline too).
  bool timeout_given = false;
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  std::string request_id;
  std::string currency = "CNY";
  int limit = kDefaultLimit;
};

// "127.0.0.1:<port + SALES_RUN_PORT_OFFSET>".
std::string DefaultAddress(int port);

// A new random request_id in the UUID v4 text form (36 characters).
std::string NewRequestId();

class CliContext final {
 public:
  explicit CliContext(std::ostream& out = std::cout, std::ostream& err = std::cerr);

  GlobalOptions& options() { return options_; }
  const GlobalOptions& options() const { return options_; }
  // Checks the global flags once parsed: a known currency, a positive timeout, a limit >= 0,
  // not both --json and --quiet.
  absl::Status Validate();
  OutputMode mode() const;
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

  // A context for a unary call, with the --timeout deadline.
  std::unique_ptr<grpc::ClientContext> UnaryCall() const;
  // A context for a stream (import, tail): the --timeout deadline when given, else 30 days.
  std::unique_ptr<grpc::ClientContext> StreamCall() const;

  // --request_id if given, else a new one; printed to stderr with --verbose. Call once per
  // create or state change.
  std::string RequestId();

  cv1::CustomersService::Stub& customers();
  ov1::OrdersService::Stub& orders();
  av1::AnalyticsService::Stub& analytics();
  iv1::IncentivesService::Stub& incentives();
  // The event feed of "customers" or "orders"; INVALID_ARGUMENT naming --service otherwise.
  absl::StatusOr<ev1::EventFeedService::Stub*> feed(absl::string_view service);

  // "12.34" -> Money{currency, 1234} in the deployment currency.
  absl::StatusOr<common::v1::Money> ParseMoney(absl::string_view field,
                                               absl::string_view text) const;
  // Money as "12.34", with its currency code appended when it is not the deployment's.
  std::string MoneyText(const common::v1::Money& money) const;

  // Runs a unary method of one of the stubs above with a deadline.
  template <class Stub, class Req, class Resp>
  absl::Status Invoke(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                      const Req& request, Resp* response) {
    std::unique_ptr<grpc::ClientContext> call = UnaryCall();
    return FromGrpc((StubOf(static_cast<Stub*>(nullptr)).*method)(call.get(), request, response));
  }

  // The action of the command that was parsed (set by its callback), and running it.
  void SetAction(std::function<absl::Status()> action) { action_ = std::move(action); }
  bool has_action() const { return static_cast<bool>(action_); }
  absl::Status RunAction() { return action_(); }

 private:
  cv1::CustomersService::Stub& StubOf(cv1::CustomersService::Stub*) { return customers(); }
  ov1::OrdersService::Stub& StubOf(ov1::OrdersService::Stub*) { return orders(); }
  av1::AnalyticsService::Stub& StubOf(av1::AnalyticsService::Stub*) { return analytics(); }
  iv1::IncentivesService::Stub& StubOf(iv1::IncentivesService::Stub*) { return incentives(); }
  std::shared_ptr<grpc::Channel> Channel(const std::string& address);

  std::ostream& out_;
  std::ostream& err_;
  GlobalOptions options_;
  std::function<absl::Status()> action_;
  std::shared_ptr<grpc::Channel> customers_channel_;
  std::shared_ptr<grpc::Channel> orders_channel_;
  std::unique_ptr<cv1::CustomersService::Stub> customers_;
  std::unique_ptr<ov1::OrdersService::Stub> orders_;
  std::unique_ptr<av1::AnalyticsService::Stub> analytics_;
  std::unique_ptr<iv1::IncentivesService::Stub> incentives_;
  std::unique_ptr<ev1::EventFeedService::Stub> customers_feed_;
  std::unique_ptr<ev1::EventFeedService::Stub> orders_feed_;
};

}  // namespace sales::salesctl
