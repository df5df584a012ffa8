// echo_server: a bare CustomersService for the loadgen's "echo" phases. Same gRPC library
// and server style as customers_server (GetCustomer on the callback API, CreateCustomer on
// the synchronous one; SO_REUSEPORT off), answering
// GetCustomer and CreateCustomer with a Customer of the size the real server returns, but
// with no logging, metrics, observer or database. What gRPC alone costs on this machine.
//
//   echo_server --port N   listens on 127.0.0.1:N until SIGTERM or SIGINT
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/flags.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"

namespace {

namespace v1 = ::sales::customers::v1;

// The fields the customers server fills on a created person (see customer_handlers.cc):
// a decimal id, the lowest tier, ACTIVE, both times and the first version's etag.
void FillServerFields(int64_t id, v1::Customer* customer) {
  customer->set_name(absl::StrCat("customers/", id));
  customer->set_tier("standard");
  customer->set_state(v1::CUSTOMER_STATE_ACTIVE);
  const int64_t micros = absl::ToUnixMicros(absl::Now());
  customer->mutable_create_time()->set_seconds(micros / 1000000);
  customer->mutable_create_time()->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
  *customer->mutable_update_time() = customer->create_time();
  customer->set_etag("v1");
}

class EchoCustomers final
    : public v1::CustomersService::WithCallbackMethod_GetCustomer<v1::CustomersService::Service> {
 public:
  EchoCustomers() {
    // Like a customer the loadgen created: "Loadgen customer <tag> #<n>", ref "lg-<tag>-<n>".
    prototype_.set_kind(v1::CUSTOMER_KIND_PERSON);
    prototype_.set_display_name("Loadgen customer 5f2e8c1a9b3d4 #123456");
    prototype_.mutable_external_ref()->set_source_system("loadgen");
    prototype_.mutable_external_ref()->set_id("lg-5f2e8c1a9b3d4-123456");
    FillServerFields(1234567, &prototype_);
  }

  grpc::ServerUnaryReactor* GetCustomer(grpc::CallbackServerContext* context,
                                        const v1::GetCustomerRequest* req,
                                        v1::Customer* response) override {
    *response = prototype_;
    response->set_name(req->name());
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  grpc::Status CreateCustomer(grpc::ServerContext*, const v1::CreateCustomerRequest* req,
                              v1::Customer* response) override {
    *response = req->customer();
    FillServerFields(next_id_.fetch_add(1, std::memory_order_relaxed), response);
    return grpc::Status::OK;
  }

 private:
  v1::Customer prototype_;
  std::atomic<int64_t> next_id_{1000000};
};

}  // namespace

int main(int argc, char** argv) {
  // Blocked before gRPC starts its threads, so only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  sales::Flags flags(argc, argv);
  const int64_t port = flags.Int("port", "", 0, 1, 65535, "127.0.0.1 port to listen on");
  if (flags.help_requested()) {
    std::cout << "echo_server: bare CustomersService (Get/Create) for the loadgen\n"
              << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "echo_server: " << status.message() << "\n";
    return 2;
  }

  // As RunServer does for the services: Debian's Abseil checks every lock for deadlocks.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  grpc::EnableDefaultHealthCheckService(true);
  EchoCustomers service;
  grpc::ServerBuilder builder;
  int selected_port = 0;
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", port), grpc::InsecureServerCredentials(),
                           &selected_port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    std::cerr << "echo_server: cannot listen on 127.0.0.1:" << port << "\n";
    return 1;
  }
  server->GetHealthCheckService()->SetServingStatus(
      std::string(v1::CustomersService::service_full_name()), true);
  std::cerr << "echo_server: listening on 127.0.0.1:" << selected_port << "\n";

  int signal = 0;
  sigwait(&signals, &signal);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  return 0;
}
