#include "tools/demo/rpc_clients.h"

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/client_channel.h"

namespace sales::demo {

Clients Clients::Connect(const std::string& customers_address, const std::string& orders_address) {
  Clients c;
  c.customers = sales::customers::v1::CustomersService::NewStub(ServiceChannel(customers_address));
  c.orders = sales::orders::v1::OrdersService::NewStub(ServiceChannel(orders_address));
  return c;
}

std::unique_ptr<grpc::ClientContext> CallContext(std::chrono::milliseconds timeout) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + timeout);
  return ctx;
}

grpc::Status CallWithRetry(const std::function<grpc::Status(grpc::ClientContext*)>& call) {
  constexpr int kAttempts = 6;
  std::chrono::milliseconds wait(200);
  grpc::Status status;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    auto ctx = CallContext();
    status = call(ctx.get());
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
        status.error_code() != grpc::StatusCode::ABORTED) {
      return status;
    }
    if (attempt < kAttempts) {
      std::this_thread::sleep_for(wait);
      wait = std::min(wait * 2, std::chrono::milliseconds(3000));
    }
  }
  return status;
}

absl::Status FromGrpc(const std::string& what, const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

absl::Status ParallelFor(size_t n, int workers, const std::function<absl::Status(size_t)>& fn) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  absl::Status first_error;
  auto work = [&] {
    while (!failed.load()) {
      const size_t i = next.fetch_add(1);
      if (i >= n) return;
      absl::Status status = fn(i);
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) first_error = std::move(status);
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  const int count = std::max(1, std::min<int>(workers, static_cast<int>(n)));
  for (int t = 1; t < count; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  return first_error;
}

}  // namespace sales::demo
