// feed_bench: how fast events get from a committed change to a feed subscriber.
// Writers create customers (each commit writes one customer_created event) for a fixed
// time while one subscriber follows the feed from its head; the subscriber measures the
// lag from each event's occur_time (stamped in the writing transaction, just before its
// commit) to its arrival. Prints writer commits/s, delivered events/s, their ratio, and
// lag p50/p99. Clocks are the same machine's, so the lag is meaningful.
//
// With --burst_orders N (target: an orders service started with --event_relay=false, and
// the --db_* flags of its schema) it measures the feed under a burst instead: it imports N
// historical orders through ImportOrders (one order_placed event each) while nothing
// relays, then runs the service's relay code (sales::events::Relay) in this process against
// the same schema and times it from its start until the outbox is empty, then subscribes to
// the service from position 0 and times the catch-up until the stream reaches the head.
// Both are printed as events/s, with the machine's load average.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/events/event_log.h"
#include "common/events/relay.h"
#include "common/server/flags.h"
#include "common/server/server_config.h"
#include "common/time_util.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "sales/orders/v1/orders_service.grpc.pb.h"
#include "tools/loadgen/cpu_usage.h"
#include "tools/loadgen/latency_recorder.h"

namespace {

using sales::loadgen::LoadAverage;

namespace cv1 = ::sales::customers::v1;
namespace ev1 = ::sales::events::v1;
namespace ov1 = ::sales::orders::v1;

struct FeedBenchConfig {
  std::string target;
  int writers = 8;
  int seconds = 10;
};

// Creates customers until `stop`; returns how many commits succeeded.
int64_t Write(const std::shared_ptr<grpc::Channel>& channel, int writer,
              const std::atomic<bool>& stop, std::atomic<int64_t>& errors) {
  auto stub = cv1::CustomersService::NewStub(channel);
  int64_t done = 0;
  while (!stop.load()) {
    cv1::CreateCustomerRequest req;
    req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
    req.mutable_customer()->set_display_name(absl::StrCat("feed bench ", writer, "-", done));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    cv1::Customer out;
    if (stub->CreateCustomer(&ctx, req, &out).ok()) {
      ++done;
    } else {
      ++errors;
    }
  }
  return done;
}

std::unique_ptr<grpc::ClientContext> Ctx(int seconds = 30) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return ctx;
}

// One product for the historical orders (a unique SKU per run).
absl::StatusOr<std::string> NewProduct(ov1::OrdersService::Stub& orders) {
  ov1::CreateProductRequest req;
  req.mutable_product()->set_sku(absl::StrCat("BURST-", absl::ToUnixMillis(absl::Now())));
  req.mutable_product()->set_display_name("Burst product");
  req.mutable_product()->set_category("bench");
  req.mutable_product()->set_unit("EA");
  req.mutable_product()->mutable_list_price()->set_currency_code("CNY");
  req.mutable_product()->mutable_list_price()->set_minor_units(1999);
  req.mutable_product()->mutable_unit_cost()->set_currency_code("CNY");
  req.mutable_product()->mutable_unit_cost()->set_minor_units(1200);
  const absl::Time ready_by = absl::Now() + absl::Seconds(30);
  for (;;) {  // the service refuses calls (UNAVAILABLE) until its migrations ran
    ov1::Product product;
    const grpc::Status status = orders.CreateProduct(Ctx().get(), req, &product);
    if (status.ok()) return product.name();
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE || absl::Now() > ready_by) {
      return absl::UnavailableError(absl::StrCat("CreateProduct: ", status.error_message()));
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
}

// Imports orders [first, first + count) as RECEIVED historical orders (one order_placed
// event each) on one ImportOrders stream; returns how many were imported.
int64_t ImportSlice(ov1::OrdersService::Stub& orders, const std::string& product,
                    const std::string& tag, int64_t first, int64_t count) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(30));
  ov1::ImportOrdersResponse response;
  auto writer = orders.ImportOrders(&ctx, &response);
  ov1::ImportOrdersRequest req;
  ov1::ImportedOrder* o = req.mutable_order();
  o->set_customer("customers/1");
  o->set_channel(ov1::CHANNEL_STORE);
  o->set_region("bench");
  o->set_status(ov1::ORDER_STATUS_RECEIVED);
  ov1::OrderLine* line = o->add_lines();
  line->set_product(product);
  line->set_quantity(1);
  line->mutable_unit_price()->set_currency_code("CNY");
  line->mutable_unit_price()->set_minor_units(1999);
  line->mutable_unit_cost()->set_currency_code("CNY");
  line->mutable_unit_cost()->set_minor_units(1200);
  for (int64_t i = first; i < first + count; ++i) {
    o->set_external_ref(absl::StrCat("burst-", tag, "-", i));
    o->mutable_create_time()->set_seconds(1600000000 + i);
    if (!writer->Write(req)) break;
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) std::cerr << "feed_bench: ImportOrders: " << status.error_message() << "\n";
  return response.imported();
}

absl::StatusOr<ev1::FeedHead> Head(ev1::EventFeedService::Stub& feed) {
  ev1::FeedHead head;
  const grpc::Status status = feed.GetFeedHead(Ctx().get(), ev1::GetFeedHeadRequest(), &head);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return head;
}

// The head once the service answers: its metrics (which scripts/bench waits for) are served
// before its migrations are applied, and until then the feed is UNAVAILABLE.
absl::StatusOr<ev1::FeedHead> HeadOnceServing(ev1::EventFeedService::Stub& feed) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (true) {
    absl::StatusOr<ev1::FeedHead> head = Head(feed);
    if (head.ok() || !absl::IsUnavailable(head.status()) || absl::Now() > give_up) return head;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

int RunBurst(const std::shared_ptr<grpc::Channel>& channel, const sales::db::DbConfig& db,
             int64_t orders_count, int streams) {
  auto orders = ov1::OrdersService::NewStub(channel);
  auto feed = ev1::EventFeedService::NewStub(channel);
  absl::StatusOr<std::string> product = NewProduct(*orders);
  if (!product.ok()) {
    std::cerr << "feed_bench: " << product.status().message() << "\n";
    return 1;
  }
  absl::StatusOr<ev1::FeedHead> before = HeadOnceServing(*feed);
  if (!before.ok()) {
    std::cerr << "feed_bench: GetFeedHead: " << before.status().message() << "\n";
    return 1;
  }
  std::cout << std::fixed << std::setprecision(0) << "load average before: " << LoadAverage()
            << "\n";

  // 1. The burst, with nothing relaying (the service runs with --event_relay=false).
  const std::string tag = absl::StrCat(absl::ToUnixMillis(absl::Now()));
  std::vector<int64_t> imported(streams, 0);
  std::vector<std::thread> importers;
  const absl::Time import_start = absl::Now();
  for (int s = 0; s < streams; ++s) {
    const int64_t first = orders_count * s / streams;
    const int64_t count = orders_count * (s + 1) / streams - first;
    importers.emplace_back(
        [&, s, first, count] { imported[s] = ImportSlice(*orders, *product, tag, first, count); });
  }
  for (auto& t : importers) t.join();
  const double import_s = absl::ToDoubleSeconds(absl::Now() - import_start);
  int64_t total_imported = 0;
  for (int64_t n : imported) total_imported += n;
  absl::StatusOr<ev1::FeedHead> burst = Head(*feed);
  if (!burst.ok()) return 1;
  const int64_t backlog = burst->pending();
  std::cout << "import: " << total_imported << " of " << orders_count << " orders on " << streams
            << " streams in " << std::setprecision(2) << import_s << " s (" << std::setprecision(0)
            << total_imported / import_s << " orders/s); outbox backlog " << backlog << " events\n";
  if (total_imported != orders_count || backlog < total_imported) {
    std::cerr << "feed_bench: the burst did not leave the expected backlog (is the service "
                 "running with --event_relay=false?)\n";
    return 3;
  }

  // 2. The relay moves the backlog: the service's own relay code, on this schema.
  sales::events::LogWatcher watcher;
  sales::events::Relay relay(db, watcher);
  const absl::Time relay_start = absl::Now();
  relay.Start();
  int64_t pending = backlog;
  absl::Time relay_end = relay_start;
  const absl::Time relay_give_up = relay_start + absl::Minutes(10);
  while (absl::Now() < relay_give_up) {
    if (relay.relayed_total() >= backlog) {
      relay_end = absl::Now();
      break;
    }
    absl::SleepFor(absl::Milliseconds(2));
  }
  relay.Stop();
  absl::StatusOr<ev1::FeedHead> relayed = Head(*feed);
  if (!relayed.ok()) return 1;
  pending = relayed->pending();
  const double relay_s = absl::ToDoubleSeconds(relay_end - relay_start);
  std::cout << "relay: " << relay.relayed_total() << " events in " << std::setprecision(2)
            << relay_s << " s (" << std::setprecision(0)
            << (relay_s > 0 ? relay.relayed_total() / relay_s : 0) << " events/s); outbox left "
            << pending << ", head " << relayed->position() << "\n";

  // 3. A subscriber from position 0 catches up with the head.
  const int64_t head = relayed->position();
  grpc::ClientContext sub_ctx;
  sub_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  ev1::SubscribeRequest req;
  req.set_after_position(0);
  const absl::Time sub_start = absl::Now();
  auto reader = feed->Subscribe(&sub_ctx, req);
  ev1::Event event;
  int64_t received = 0;
  int64_t last = 0;
  bool dense = true;
  while (last < head && reader->Read(&event)) {
    ++received;
    dense = dense && event.position() == last + 1;
    last = event.position();
  }
  const double sub_s = absl::ToDoubleSeconds(absl::Now() - sub_start);
  sub_ctx.TryCancel();
  reader->Finish();
  std::cout << "subscriber from 0: " << received << " events to position " << last << " in "
            << std::setprecision(2) << sub_s << " s (" << std::setprecision(0)
            << (sub_s > 0 ? received / sub_s : 0) << " events/s)"
            << (dense ? "" : "  POSITIONS NOT DENSE") << "\n"
            << "load average after: " << LoadAverage() << "\n";
  return pending == 0 && last == head && dense ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();
  sales::Flags flags(argc, argv);
  FeedBenchConfig config;
  config.target = flags.String("target", "SALES_FEED_TARGET", "127.0.0.1:50051",
                               "customers service (writes and serves the feed)");
  config.writers = static_cast<int>(flags.Int("writers", "", 8, 1, 256, "concurrent writers"));
  config.seconds = static_cast<int>(flags.Int("seconds", "", 10, 1, 3600, "write time"));
  const int64_t burst_orders = flags.Int(
      "burst_orders", "", 0, 0, 100000000,
      "burst mode: import this many orders into an orders service (--target) that runs with "
      "--event_relay=false, then time the relay and a subscriber from 0 (0: commit-lag mode)");
  const int import_streams = static_cast<int>(
      flags.Int("import_streams", "", 4, 1, 64, "burst mode: concurrent ImportOrders streams"));
  // Burst mode: the --db_* flags of the service's schema, for the relay run here.
  const sales::ServerConfig server = sales::ReadServerConfig(flags, "feed_bench", 0, 0);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "feed_bench: " << status.message() << "\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(config.target, grpc::InsecureChannelCredentials());
  if (burst_orders > 0) return RunBurst(channel, server.db, burst_orders, import_streams);
  auto feed = ev1::EventFeedService::NewStub(channel);

  absl::StatusOr<ev1::FeedHead> serving = HeadOnceServing(*feed);
  if (!serving.ok()) {
    std::cerr << "feed_bench: GetFeedHead: " << serving.status().message() << "\n";
    return 1;
  }
  const ev1::FeedHead head = *std::move(serving);

  // The subscriber: from the head on, until it has seen every event the writers made.
  std::vector<int64_t> lags_ns;
  std::atomic<int64_t> expected{-1};
  grpc::ClientContext sub_ctx;
  absl::Time first_at = absl::InfinitePast(), last_at = absl::InfinitePast();
  std::thread subscriber([&] {
    ev1::SubscribeRequest req;
    req.set_after_position(head.position());
    req.add_types("customer_created");
    auto reader = feed->Subscribe(&sub_ctx, req);
    ev1::Event event;
    int64_t seen = 0;
    while (reader->Read(&event)) {
      const absl::Time now = absl::Now();
      lags_ns.push_back(absl::ToInt64Nanoseconds(now - sales::FromProtoTime(event.occur_time())));
      if (seen++ == 0) first_at = now;
      last_at = now;
      const int64_t want = expected.load();
      if (want >= 0 && seen >= want) break;
    }
    sub_ctx.TryCancel();
    reader->Finish();
  });

  std::atomic<bool> stop{false};
  std::atomic<int64_t> errors{0};
  std::vector<int64_t> written(config.writers, 0);
  std::vector<std::thread> writers;
  const absl::Time start = absl::Now();
  for (int w = 0; w < config.writers; ++w) {
    writers.emplace_back([&, w] { written[w] = Write(channel, w, stop, errors); });
  }
  absl::SleepFor(absl::Seconds(config.seconds));
  stop = true;
  for (auto& t : writers) t.join();
  const absl::Duration write_time = absl::Now() - start;
  int64_t total = 0;
  for (int64_t n : written) total += n;
  expected = total;
  // Wait for the subscriber to catch up (bounded), then stop it.
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (static_cast<int64_t>(lags_ns.size()) < total && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  sub_ctx.TryCancel();
  subscriber.join();

  std::sort(lags_ns.begin(), lags_ns.end());
  const double commits_per_s = total / absl::ToDoubleSeconds(write_time);
  const double delivered_s = absl::ToDoubleSeconds(last_at - first_at);
  const double events_per_s = delivered_s > 0 ? lags_ns.size() / delivered_s : 0;
  std::cout << std::fixed << std::setprecision(2) << "writers " << config.writers << ", write time "
            << absl::ToDoubleSeconds(write_time) << " s\n"
            << "commits: " << total << " (" << commits_per_s << "/s), errors " << errors.load()
            << "\n"
            << "delivered: " << lags_ns.size() << " events (" << events_per_s << "/s)"
            << (static_cast<int64_t>(lags_ns.size()) == total ? "" : "  MISSING EVENTS") << "\n"
            << "ratio delivered/committed throughput: "
            << (commits_per_s > 0 ? events_per_s / commits_per_s : 0) << "\n"
            << "commit-to-subscriber lag p50 " << sales::loadgen::Percentile(lags_ns, 0.5) / 1e6
            << " ms, p99 " << sales::loadgen::Percentile(lags_ns, 0.99) / 1e6 << " ms, max "
            << (lags_ns.empty() ? 0 : lags_ns.back() / 1e6) << " ms\n";
  return static_cast<int64_t>(lags_ns.size()) == total && errors.load() == 0 ? 0 : 3;
}
