#include "tools/salesctl/cli_context.h"

#include <chrono>
#include <cstdlib>
#include <random>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/client_channel.h"
#include "common/money.h"
#include "tools/salesctl/money_text.h"

namespace sales::salesctl {

std::string DefaultAddress(int port) {
  int offset = 0;
  if (const char* text = std::getenv("SALES_RUN_PORT_OFFSET"); text != nullptr) {
    if (!absl::SimpleAtoi(text, &offset)) offset = 0;
  }
  return absl::StrCat("127.0.0.1:", port + offset);
}

std::string NewRequestId() {
  std::random_device device;
  std::mt19937_64 random(static_cast<uint64_t>(device()) << 32 | device());
  const uint64_t high = (random() & ~0xF000ULL) | 0x4000ULL;       // version 4
  const uint64_t low = (random() & ~(3ULL << 62)) | (2ULL << 62);  // RFC 4122 variant
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", high >> 32, (high >> 16) & 0xFFFF,
                         high & 0xFFFF, low >> 48, low & 0xFFFFFFFFFFFFULL);
}

CliContext::CliContext(std::ostream& out, std::ostream& err) : out_(out), err_(err) {
  options_.customers_addr = DefaultAddress(kCustomersPort);
  options_.orders_addr = DefaultAddress(kOrdersPort);
  options_.analytics_addr = DefaultAddress(kAnalyticsPort);
  options_.incentives_addr = DefaultAddress(kIncentivesPort);
}

absl::Status CliContext::Validate() {
  if (!MinorUnitExponent(options_.currency).ok()) {
    return InvalidField("--currency", absl::StrCat("'", options_.currency,
                                                   "' is not an ISO 4217 code such as CNY"));
  }
  if (!(options_.timeout_seconds > 0)) return InvalidField("--timeout", "must be above 0 seconds");
  if (options_.limit < 0) return InvalidField("--limit", "must be 0 (all) or more");
  if (options_.json && options_.quiet) {
    return InvalidField("--quiet", "cannot be combined with --json");
  }
  return absl::OkStatus();
}

OutputMode CliContext::mode() const {
  if (options_.json) return OutputMode::kJson;
  if (options_.quiet) return OutputMode::kQuiet;
  return OutputMode::kTable;
}

std::unique_ptr<grpc::ClientContext> CliContext::UnaryCall() const {
  auto call = std::make_unique<grpc::ClientContext>();
  call->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::microseconds(static_cast<int64_t>(options_.timeout_seconds * 1e6)));
  return call;
}

std::unique_ptr<grpc::ClientContext> CliContext::StreamCall() const {
  if (options_.timeout_given) return UnaryCall();
  // A stream without --timeout runs as long as it needs. It still carries a deadline: the
  // services give a call without one their default (30 s), which would cut a long import.
  auto call = std::make_unique<grpc::ClientContext>();
  call->set_deadline(std::chrono::system_clock::now() + std::chrono::hours(24 * 30));
  return call;
}

std::string CliContext::RequestId() {
  std::string id = options_.request_id.empty() ? NewRequestId() : options_.request_id;
  if (options_.verbose) err_ << "request_id: " << id << "\n";
  return id;
}

std::shared_ptr<grpc::Channel> CliContext::Channel(const std::string& address) {
  ServiceChannelOptions channel_options;
  // Every create and state change carries a request_id, so each method may be sent again
  // after UNAVAILABLE: a retry returns the first answer.
  channel_options.retryable_methods = {
      "sales.customers.v1.CustomersService", "sales.orders.v1.OrdersService",
      "sales.analytics.v1.AnalyticsService", "sales.events.v1.EventFeedService",
      "sales.incentives.v1.IncentivesService"};
  return ServiceChannel(address, channel_options);
}

cv1::CustomersService::Stub& CliContext::customers() {
  if (!customers_) {
    if (!customers_channel_) customers_channel_ = Channel(options_.customers_addr);
    customers_ = cv1::CustomersService::NewStub(customers_channel_);
  }
  return *customers_;
}

ov1::OrdersService::Stub& CliContext::orders() {
  if (!orders_) {
    if (!orders_channel_) orders_channel_ = Channel(options_.orders_addr);
    orders_ = ov1::OrdersService::NewStub(orders_channel_);
  }
  return *orders_;
}

av1::AnalyticsService::Stub& CliContext::analytics() {
  if (!analytics_) analytics_ = av1::AnalyticsService::NewStub(Channel(options_.analytics_addr));
  return *analytics_;
}

iv1::IncentivesService::Stub& CliContext::incentives() {
  if (!incentives_) {
    incentives_ = iv1::IncentivesService::NewStub(Channel(options_.incentives_addr));
  }
  return *incentives_;
}

absl::StatusOr<ev1::EventFeedService::Stub*> CliContext::feed(absl::string_view service) {
  if (service == "customers") {
    if (!customers_feed_) {
      if (!customers_channel_) customers_channel_ = Channel(options_.customers_addr);
      customers_feed_ = ev1::EventFeedService::NewStub(customers_channel_);
    }
    return customers_feed_.get();
  }
  if (service == "orders") {
    if (!orders_feed_) {
      if (!orders_channel_) orders_channel_ = Channel(options_.orders_addr);
      orders_feed_ = ev1::EventFeedService::NewStub(orders_channel_);
    }
    return orders_feed_.get();
  }
  return InvalidField("--service", absl::StrCat("'", service, "' is none of customers, orders"));
}

absl::StatusOr<common::v1::Money> CliContext::ParseMoney(absl::string_view field,
                                                         absl::string_view text) const {
  absl::StatusOr<int64_t> minor = ParseMoneyText(field, text, options_.currency);
  if (!minor.ok()) return minor.status();
  common::v1::Money money;
  money.set_currency_code(options_.currency);
  money.set_minor_units(*minor);
  return money;
}

std::string CliContext::MoneyText(const common::v1::Money& money) const {
  const std::string& code =
      money.currency_code().empty() ? options_.currency : money.currency_code();
  absl::StatusOr<int> exponent = MinorUnitExponent(code);
  std::string text = FormatMinorUnits(money.minor_units(), exponent.ok() ? *exponent : 0);
  if (code != options_.currency || !exponent.ok()) absl::StrAppend(&text, " ", code);
  return text;
}

}  // namespace sales::salesctl
