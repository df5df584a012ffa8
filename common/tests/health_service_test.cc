#include "common/server/health_service.h"

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sales {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

constexpr char kThingsService[] = "sales.test.v1.ThingsService";
constexpr char kOtherService[] = "sales.test.v1.OtherService";

// A HealthService in an in-process server, asked through the generated stub.
class HealthServiceTest : public ::testing::Test {
 protected:
  HealthServiceTest() : health_({kThingsService, kOtherService}) {
    grpc::ServerBuilder builder;
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
    stub_ = Health::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  ~HealthServiceTest() override {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  }

  // The status Check answers for `service`, or the error code as a negative number.
  grpc::Status Check(const std::string& service, HealthCheckResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    HealthCheckRequest request;
    request.set_service(service);
    return stub_->Check(&context, request, response);
  }
  HealthCheckResponse::ServingStatus CheckStatus(const std::string& service) {
    HealthCheckResponse response;
    const grpc::Status status = Check(service, &response);
    EXPECT_TRUE(status.ok()) << service << ": " << status.error_message();
    return response.status();
  }

  // An open Watch call.
  struct Watch {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> reader;

    // The next status sent, or UNKNOWN once the stream ended.
    HealthCheckResponse::ServingStatus Next() {
      HealthCheckResponse response;
      if (!reader->Read(&response)) return HealthCheckResponse::UNKNOWN;
      return response.status();
    }
  };
  std::unique_ptr<Watch> StartWatch(const std::string& service) {
    auto watch = std::make_unique<Watch>();
    watch->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    HealthCheckRequest request;
    request.set_service(service);
    watch->reader = stub_->Watch(&watch->context, request);
    return watch;
  }

  HealthService health_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Health::Stub> stub_;
};

TEST_F(HealthServiceTest, EveryKnownNameStartsNotServingAndUnknownIsNotFound) {
  EXPECT_EQ(CheckStatus(""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(CheckStatus(kThingsService), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(CheckStatus(kOtherService), HealthCheckResponse::NOT_SERVING);
  HealthCheckResponse response;
  EXPECT_EQ(Check("sales.test.v1.Unknown", &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(HealthServiceTest, SetServingChangesEveryNameAtOnce) {
  health_.SetServing(true);
  EXPECT_EQ(CheckStatus(""), HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckStatus(kThingsService), HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckStatus(kOtherService), HealthCheckResponse::SERVING);
  HealthCheckResponse response;
  EXPECT_EQ(Check("sales.test.v1.Unknown", &response).error_code(), grpc::StatusCode::NOT_FOUND);

  health_.SetServing(false);
  EXPECT_EQ(CheckStatus(""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(CheckStatus(kThingsService), HealthCheckResponse::NOT_SERVING);
}

TEST_F(HealthServiceTest, WatchSendsTheCurrentStatusThenEachChangeAndEndsAtShutdown) {
  std::unique_ptr<Watch> whole = StartWatch("");
  std::unique_ptr<Watch> things = StartWatch(kThingsService);
  EXPECT_EQ(whole->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(things->Next(), HealthCheckResponse::NOT_SERVING);

  health_.SetServing(true);
  EXPECT_EQ(whole->Next(), HealthCheckResponse::SERVING);
  EXPECT_EQ(things->Next(), HealthCheckResponse::SERVING);
  health_.SetServing(false);
  EXPECT_EQ(whole->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(things->Next(), HealthCheckResponse::NOT_SERVING);
  health_.SetServing(true);
  EXPECT_EQ(whole->Next(), HealthCheckResponse::SERVING);
  EXPECT_EQ(things->Next(), HealthCheckResponse::SERVING);

  health_.Shutdown();
  EXPECT_EQ(whole->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(things->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(whole->Next(), HealthCheckResponse::UNKNOWN) << "the stream ends";
  EXPECT_EQ(things->Next(), HealthCheckResponse::UNKNOWN) << "the stream ends";
  EXPECT_TRUE(whole->reader->Finish().ok());
  EXPECT_TRUE(things->reader->Finish().ok());
}

TEST_F(HealthServiceTest, WatchOfAnUnknownNameSendsServiceUnknownAndStaysOpen) {
  std::unique_ptr<Watch> unknown = StartWatch("sales.test.v1.Unknown");
  EXPECT_EQ(unknown->Next(), HealthCheckResponse::SERVICE_UNKNOWN);
  health_.SetServing(true);
  // A change of the known names sends nothing here; a watch of a known name shows that the
  // change went out, and the unknown one's stream is still open until Shutdown ends it.
  std::unique_ptr<Watch> known = StartWatch(kThingsService);
  EXPECT_EQ(known->Next(), HealthCheckResponse::SERVING);
  health_.Shutdown();
  EXPECT_EQ(unknown->Next(), HealthCheckResponse::UNKNOWN) << "the stream ends";
  EXPECT_TRUE(unknown->reader->Finish().ok());
}

TEST_F(HealthServiceTest, AfterShutdownSetServingIsIgnored) {
  health_.SetServing(true);
  health_.Shutdown();
  health_.SetServing(true);
  EXPECT_EQ(CheckStatus(""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(CheckStatus(kThingsService), HealthCheckResponse::NOT_SERVING);

  // A watch that starts after Shutdown gets NOT_SERVING and ends.
  std::unique_ptr<Watch> late = StartWatch(kThingsService);
  EXPECT_EQ(late->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(late->Next(), HealthCheckResponse::UNKNOWN) << "the stream ends";
  EXPECT_TRUE(late->reader->Finish().ok());
}

TEST_F(HealthServiceTest, ClientCancelEndsWatchAndLaterChangesStillReachOthers) {
  std::unique_ptr<Watch> cancelled = StartWatch("");
  std::unique_ptr<Watch> kept = StartWatch("");
  EXPECT_EQ(cancelled->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(kept->Next(), HealthCheckResponse::NOT_SERVING);
  cancelled->context.TryCancel();
  EXPECT_EQ(cancelled->Next(), HealthCheckResponse::UNKNOWN);
  EXPECT_EQ(cancelled->reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  for (int i = 0; i < 20; ++i) {
    health_.SetServing(i % 2 == 0);
    EXPECT_EQ(kept->Next(),
              i % 2 == 0 ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING);
  }
}

}  // namespace
}  // namespace sales
