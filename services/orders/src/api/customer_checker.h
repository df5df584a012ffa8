// Whether a customer may place an order, asked of the customers service over gRPC with
// the caller's deadline. CreateOrder asks only for a customer the customers feed has not
// carried yet; it decides the others from the states the feed reported
// (order_handlers.cc says why and what window that leaves). An interface so handlers can
// be tested without the service.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"

namespace sales::orders::api {

class CustomerChecker {
 public:
  virtual ~CustomerChecker() = default;
  // OK for an active customer; FAILED_PRECONDITION naming it when unknown or archived;
  // UNAVAILABLE when the customers service cannot answer before `deadline`.
  virtual absl::Status CheckCanOrder(const std::string& customer, absl::Time deadline) = 0;
};

class GrpcCustomerChecker final : public CustomerChecker {
 public:
  explicit GrpcCustomerChecker(std::shared_ptr<grpc::Channel> channel);
  absl::Status CheckCanOrder(const std::string& customer, absl::Time deadline) override;

 private:
  std::unique_ptr<sales::customers::v1::CustomersService::Stub> stub_;
};

}  // namespace sales::orders::api
