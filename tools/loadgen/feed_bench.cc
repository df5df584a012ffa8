// feed_bench: how fast events get from a committed change to a feed subscriber.
// Writers create customers (each commit writes one customer_created event) for a fixed
// time while one subscriber follows the feed from its head; the subscriber measures the
// lag from each event's occur_time (stamped in the writing transaction, just before its
// commit) to its arrival. Prints writer commits/s, delivered events/s, their ratio, and
// lag p50/p99. Clocks are the same machine's, so the lag is meaningful.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <iomanip>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/server/flags.h"
#include "common/time_util.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "tools/loadgen/latency_recorder.h"

namespace {

namespace cv1 = ::sales::customers::v1;
namespace ev1 = ::sales::events::v1;

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

}  // namespace

int main(int argc, char** argv) {
  sales::Flags flags(argc, argv);
  FeedBenchConfig config;
  config.target = flags.String("target", "SALES_FEED_TARGET", "127.0.0.1:50051",
                               "customers service (writes and serves the feed)");
  config.writers = static_cast<int>(flags.Int("writers", "", 8, 1, 256, "concurrent writers"));
  config.seconds = static_cast<int>(flags.Int("seconds", "", 10, 1, 3600, "write time"));
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "feed_bench: " << status.message() << "\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(config.target, grpc::InsecureChannelCredentials());
  auto feed = ev1::EventFeedService::NewStub(channel);

  ev1::FeedHead head;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const grpc::Status status = feed->GetFeedHead(&ctx, ev1::GetFeedHeadRequest(), &head);
    if (!status.ok()) {
      std::cerr << "feed_bench: GetFeedHead: " << status.error_message() << "\n";
      return 1;
    }
  }

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
