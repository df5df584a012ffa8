// A fake event feed served by a test: a fixed list of events (positions as set on them),
// then an open stream like a caught-up feed, until the subscriber goes away. A test knows
// exactly which events a consumer gets, redeliveries included.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"

namespace sales::testing {

class FakeEventFeed final : public sales::events::v1::EventFeedService::Service {
 public:
  explicit FakeEventFeed(std::vector<sales::events::v1::Event> events)
      : events_(std::move(events)) {}

  grpc::Status Subscribe(grpc::ServerContext* context,
                         const sales::events::v1::SubscribeRequest* request,
                         grpc::ServerWriter<sales::events::v1::Event>* writer) override {
    for (const sales::events::v1::Event& event : events_) {
      if (event.position() <= request->after_position()) continue;
      if (!writer->Write(event)) return grpc::Status::CANCELLED;
    }
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(20));
    return grpc::Status::CANCELLED;
  }

 private:
  const std::vector<sales::events::v1::Event> events_;
};

// Serves a FakeEventFeed on a free loopback port until destroyed.
class FakeFeedServer final {
 public:
  explicit FakeFeedServer(std::vector<sales::events::v1::Event> events)
      : feed_(std::make_unique<FakeEventFeed>(std::move(events))) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(feed_.get());
    server_ = builder.BuildAndStart();
    EXPECT_NE(port, 0);
    address_ = absl::StrCat("127.0.0.1:", port);
  }
  ~FakeFeedServer() { server_->Shutdown(std::chrono::system_clock::now()); }
  FakeFeedServer(const FakeFeedServer&) = delete;
  FakeFeedServer& operator=(const FakeFeedServer&) = delete;

  const std::string& address() const { return address_; }

 private:
  std::unique_ptr<FakeEventFeed> feed_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace sales::testing
