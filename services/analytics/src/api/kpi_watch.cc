#include "services/analytics/src/api/kpi_watch.h"

#include <map>
#include <optional>
#include <string>

#include "common/server/log.h"

namespace sales::analytics::api {
namespace {

constexpr absl::Duration kMinInterval = absl::Milliseconds(100);
constexpr absl::Duration kPoll = absl::Seconds(1);
constexpr absl::Duration kQueryTimeout = absl::Seconds(5);

// What a stream compares: the figures and what they cover, not the feed positions (which
// move with every event, also those that change nothing here).
std::string FiguresKey(const v1::KpiReport& report) {
  v1::KpiReport copy = report;
  copy.clear_freshness();
  return copy.SerializeAsString();
}

}  // namespace

// One stream's state, shared by its reactor (gRPC's callback threads) and the publisher.
// Lock order: KpiWatch::mu_ before Watcher::mu.
class KpiWatch::Watcher final {
 public:
  explicit Watcher(v1::GetKpisRequest request) : request(std::move(request)) {}

  // Sends `report` unless it shows the figures sent last; while a write is in flight, the
  // newest report waits for it (older ones are dropped: only the latest figures matter).
  void Offer(v1::KpiReport report) {
    absl::MutexLock lock(&mu);
    if (finishing || reactor == nullptr) return;
    std::string key = FiguresKey(report);
    if (key == last_key) return;
    last_key = std::move(key);
    if (writing) {
      next = std::move(report);
      return;
    }
    in_flight = std::move(report);
    writing = true;
    reactor->StartWrite(&in_flight);
  }

  void RequestFinish(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (finishing || reactor == nullptr) return;
    finishing = true;
    if (writing) {
      pending_finish = status;
      return;
    }
    reactor->Finish(status);
  }

  const v1::GetKpisRequest request;
  absl::Mutex mu;
  grpc::ServerWriteReactor<v1::KpiReport>* reactor ABSL_GUARDED_BY(mu) = nullptr;
  std::string last_key ABSL_GUARDED_BY(mu);
  v1::KpiReport in_flight ABSL_GUARDED_BY(mu);  // alive until its write is done
  std::optional<v1::KpiReport> next ABSL_GUARDED_BY(mu);
  bool writing ABSL_GUARDED_BY(mu) = false;
  bool finishing ABSL_GUARDED_BY(mu) = false;
  std::optional<grpc::Status> pending_finish ABSL_GUARDED_BY(mu);
  int64_t sent ABSL_GUARDED_BY(mu) = 0;
};

class KpiWatch::Reactor final : public grpc::ServerWriteReactor<v1::KpiReport> {
 public:
  explicit Reactor(std::shared_ptr<Watcher> watcher) : watcher_(std::move(watcher)) {}

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&watcher_->mu);
    watcher_->writing = false;
    ++watcher_->sent;
    if (watcher_->pending_finish.has_value()) {
      Finish(*watcher_->pending_finish);
      watcher_->pending_finish.reset();
      return;
    }
    if (!ok) {
      watcher_->RequestFinish(grpc::Status(grpc::StatusCode::CANCELLED, "watcher went away"));
      return;
    }
    if (watcher_->next.has_value() && !watcher_->finishing) {
      watcher_->in_flight = *std::move(watcher_->next);
      watcher_->next.reset();
      watcher_->writing = true;
      StartWrite(&watcher_->in_flight);
    }
  }

  void OnCancel() override {
    absl::MutexLock lock(&watcher_->mu);
    watcher_->RequestFinish(grpc::Status(grpc::StatusCode::CANCELLED, "watcher cancelled"));
  }

  void OnDone() override {
    int64_t sent = 0;
    {
      absl::MutexLock lock(&watcher_->mu);
      watcher_->reactor = nullptr;
      sent = watcher_->sent;
    }
    log::Info("stream ended", {{"method", "WatchKpis"},
                               {"reports_sent", sent},
                               {"duration_ms", absl::ToInt64Milliseconds(absl::Now() - start_)}});
    delete this;
  }

 private:
  const std::shared_ptr<Watcher> watcher_;
  const absl::Time start_ = absl::Now();
};

KpiWatch::KpiWatch(KpiHandlers& kpis) : kpis_(kpis) {
  publisher_ = std::thread([this] { PublishLoop(); });
}

KpiWatch::~KpiWatch() { Stop(); }

grpc::ServerWriteReactor<v1::KpiReport>* KpiWatch::Open(const v1::WatchKpisRequest& request) {
  v1::GetKpisRequest query;
  *query.mutable_period() = request.period();
  *query.mutable_slice() = request.slice();
  auto watcher = std::make_shared<Watcher>(std::move(query));
  auto* reactor = new Reactor(watcher);
  absl::MutexLock lock(&mu_);
  absl::MutexLock watcher_lock(&watcher->mu);
  watcher->reactor = reactor;
  if (stopping_) {
    watcher->RequestFinish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down"));
    return reactor;
  }
  watchers_.push_back(std::move(watcher));
  changed_ = true;  // its first answer at once
  return reactor;
}

void KpiWatch::Notify() {
  absl::MutexLock lock(&mu_);
  changed_ = true;
}

void KpiWatch::StopStreams() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  for (const auto& watcher : watchers_) {
    absl::MutexLock watcher_lock(&watcher->mu);
    watcher->RequestFinish(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down; watch again"));
  }
}

void KpiWatch::Stop() {
  StopStreams();
  {
    absl::MutexLock lock(&mu_);
    thread_stop_ = true;
  }
  if (publisher_.joinable()) publisher_.join();
}

int64_t KpiWatch::open_streams() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(watchers_.size());
}

void KpiWatch::PublishLoop() {
  absl::Time last = absl::InfinitePast();
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return changed_ || thread_stop_; };
      mu_.AwaitWithTimeout(absl::Condition(&woken), kPoll);
      if (thread_stop_) return;
    }
    // A burst of events makes one round of answers.
    const absl::Duration since = absl::Now() - last;
    if (since < kMinInterval) absl::SleepFor(kMinInterval - since);
    last = absl::Now();
    Publish();
  }
}

void KpiWatch::Publish() {
  std::vector<std::shared_ptr<Watcher>> watchers;
  {
    absl::MutexLock lock(&mu_);
    changed_ = false;
    // Streams that ended are dropped here.
    std::erase_if(watchers_, [](const std::shared_ptr<Watcher>& w) {
      absl::MutexLock watcher_lock(&w->mu);
      return w->reactor == nullptr;
    });
    watchers = watchers_;
  }
  // Each distinct request is answered once per round.
  std::map<std::string, absl::StatusOr<v1::KpiReport>> answers;
  for (const auto& watcher : watchers) {
    const std::string key = watcher->request.SerializeAsString();
    auto it = answers.find(key);
    if (it == answers.end()) {
      it = answers.emplace(key, kpis_.GetKpis(watcher->request, absl::Now() + kQueryTimeout)).first;
    }
    if (it->second.ok()) {
      watcher->Offer(*it->second);
    } else if (it->second.status().code() == absl::StatusCode::kInvalidArgument) {
      absl::MutexLock watcher_lock(&watcher->mu);
      watcher->RequestFinish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                          std::string(it->second.status().message())));
    }
    // Other errors (the database away for a moment): the next round tries again.
  }
}

}  // namespace sales::analytics::api
