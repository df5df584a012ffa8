// customers_loadgen: load on CustomersService over gRPC, and the same work run directly on
// a connection pool as the baseline. Wiring only; the run is in benchmark_run.cc.
#include <iostream>
#include <memory>

#include "common/absl_compat.h"
#include "common/db/pool.h"
#include "common/page_token.h"
#include "common/server/flags.h"
#include "common/server/server_config.h"
#include "services/customers/src/domain/tiers.h"
#include "tools/loadgen/benchmark_run.h"
#include "tools/loadgen/direct_driver.h"
#include "tools/loadgen/grpc_driver.h"
#include "tools/loadgen/loadgen_config.h"

namespace {

// The server's default currency; Create stores it on the new loyalty account.
constexpr char kCurrency[] = "CNY";
constexpr absl::Duration kReadyTimeout = absl::Seconds(30);

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();

  sales::Flags flags(argc, argv);
  const sales::loadgen::LoadgenConfig config = sales::loadgen::ReadLoadgenConfig(flags);
  absl::StatusOr<sales::customers::domain::TierTable> tiers =
      sales::customers::domain::TierTable::Parse(sales::customers::domain::TierTable::kDefaultSpec);
  if (!tiers.ok()) flags.AddError("tiers", sales::ToStd(tiers.status().message()));
  if (flags.help_requested()) {
    std::cout << "customers_loadgen: gRPC load on CustomersService and a direct baseline\n"
              << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "customers_loadgen: bad configuration: " << status.message() << "\n";
    return 2;
  }

  sales::loadgen::GrpcDriver grpc(config.target, config.channels);
  if (absl::Status ready = grpc.WaitUntilReady(kReadyTimeout); !ready.ok()) {
    std::cerr << "customers_loadgen: " << ready.message() << "\n";
    return 1;
  }
  sales::db::ConnectionPool pool(config.db);
  if (absl::Status ping = pool.Ping(absl::Now() + kReadyTimeout); !ping.ok()) {
    std::cerr << "customers_loadgen: baseline database " << config.db.host << ":" << config.db.port
              << "/" << config.db.database << ": " << ping.message() << "\n";
    return 1;
  }
  // The page-token codec is unused by Create and Get; the secret only has to be non-empty.
  const sales::PageTokenCodec page_tokens(sales::kDevPageTokenSecret);
  const sales::customers::api::HandlerContext ctx{&pool, &page_tokens, &*tiers, kCurrency};
  sales::customers::api::CustomerHandlers handlers(ctx);
  sales::loadgen::DirectDriver direct(handlers);

  std::unique_ptr<sales::loadgen::GrpcDriver> echo;
  if (!config.echo_target.empty()) {
    echo = std::make_unique<sales::loadgen::GrpcDriver>(config.echo_target, config.channels);
    if (absl::Status ready = echo->WaitUntilReady(kReadyTimeout); !ready.ok()) {
      std::cerr << "customers_loadgen: echo server: " << ready.message() << "\n";
      return 1;
    }
  }

  const int64_t errors =
      sales::loadgen::RunBenchmark(config, grpc, direct, echo.get(), pool, std::cout, std::cerr);
  pool.Close();
  if (errors > 0) {
    std::cerr << "customers_loadgen: " << errors
              << " calls failed; the figures count successful calls only\n";
    return 3;
  }
  return 0;
}
