#include "services/incentives/src/api/attainment_watch.h"

#include <map>
#include <optional>

#include "absl/time/clock.h"
#include "common/server/log.h"

namespace sales::incentives::api {
namespace {

constexpr absl::Duration kMinInterval = absl::Milliseconds(20);
constexpr absl::Duration kPoll = absl::Seconds(2);
constexpr absl::Duration kQueryTimeout = absl::Seconds(5);

// What a stream compares: the figures, not the moment they were read.
std::string FiguresKey(const v1::Attainment& a) {
  v1::Attainment copy = a;
  copy.clear_compute_time();
  return copy.SerializeAsString();
}

std::string QuestionKey(const AttainmentQuery& q) {
  return absl::StrCat(q.owner.Name(), "|", q.period.Label(), "|", static_cast<int>(q.metric));
}

// Whether credits of `touched` can change the answer to `q`.
bool Touches(const AttainmentQuery& q, const std::set<CreditTouch>& touched) {
  for (const auto& [rep, day] : touched) {
    if (day < q.period.FirstDay() || day >= q.period.EndDay()) continue;
    if (q.owner.kind != domain::OwnerKind::kRep || q.owner.rep == rep) return true;
  }
  return false;
}

}  // namespace

// One stream's state, shared by its reactor (gRPC's callback threads) and the publisher.
// Lock order: AttainmentWatch::mu_ before Watcher::mu.
class AttainmentWatch::Watcher final {
 public:
  explicit Watcher(AttainmentQuery query) : query(std::move(query)) {}

  // Sends `a` unless it shows the figures sent last; while a write is in flight, the newest
  // answer waits for it (older ones are dropped: only the latest figures matter).
  void Offer(v1::Attainment a) {
    absl::MutexLock lock(&mu);
    if (finishing || reactor == nullptr) return;
    std::string key = FiguresKey(a);
    if (key == last_key) return;
    last_key = std::move(key);
    if (writing) {
      next = std::move(a);
      return;
    }
    in_flight = std::move(a);
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

  const AttainmentQuery query;
  absl::Mutex mu;
  grpc::ServerWriteReactor<v1::Attainment>* reactor ABSL_GUARDED_BY(mu) = nullptr;
  std::string last_key ABSL_GUARDED_BY(mu);
  v1::Attainment in_flight ABSL_GUARDED_BY(mu);  // alive until its write is done
  std::optional<v1::Attainment> next ABSL_GUARDED_BY(mu);
  bool writing ABSL_GUARDED_BY(mu) = false;
  bool finishing ABSL_GUARDED_BY(mu) = false;
  std::optional<grpc::Status> pending_finish ABSL_GUARDED_BY(mu);
  int64_t sent ABSL_GUARDED_BY(mu) = 0;
};

class AttainmentWatch::Reactor final : public grpc::ServerWriteReactor<v1::Attainment> {
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
    log::Info("stream ended", {{"method", "WatchAttainment"},
                               {"updates_sent", sent},
                               {"duration_ms", absl::ToInt64Milliseconds(absl::Now() - start_)}});
    delete this;
  }

 private:
  const std::shared_ptr<Watcher> watcher_;
  const absl::Time start_ = absl::Now();
};

AttainmentWatch::AttainmentWatch(AttainmentHandlers& attainment) : attainment_(attainment) {
  publisher_ = std::thread([this] { PublishLoop(); });
}

AttainmentWatch::~AttainmentWatch() { Stop(); }

grpc::ServerWriteReactor<v1::Attainment>* AttainmentWatch::Open(const AttainmentQuery& query) {
  auto watcher = std::make_shared<Watcher>(query);
  auto* reactor = new Reactor(watcher);
  absl::MutexLock lock(&mu_);
  absl::MutexLock watcher_lock(&watcher->mu);
  watcher->reactor = reactor;
  if (stopping_) {
    watcher->RequestFinish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down"));
    return reactor;
  }
  watchers_.push_back(std::move(watcher));
  refresh_all_ = true;  // its first answer at once (the others send only what changed)
  return reactor;
}

void AttainmentWatch::Notify(const std::vector<CreditTouch>& touched) {
  if (touched.empty()) return;
  absl::MutexLock lock(&mu_);
  touched_.insert(touched.begin(), touched.end());
}

void AttainmentWatch::StopStreams() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  for (const auto& watcher : watchers_) {
    absl::MutexLock watcher_lock(&watcher->mu);
    watcher->RequestFinish(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down; watch again"));
  }
}

void AttainmentWatch::Stop() {
  StopStreams();
  {
    absl::MutexLock lock(&mu_);
    thread_stop_ = true;
  }
  if (publisher_.joinable()) publisher_.join();
}

int64_t AttainmentWatch::open_streams() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(watchers_.size());
}

void AttainmentWatch::PublishLoop() {
  absl::Time last = absl::InfinitePast();
  absl::Time last_full = absl::Now();
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !touched_.empty() || refresh_all_ || thread_stop_;
      };
      mu_.AwaitWithTimeout(absl::Condition(&woken), kPoll);
      if (thread_stop_) return;
    }
    // A burst of credits makes one round of answers.
    const absl::Duration since = absl::Now() - last;
    if (since < kMinInterval) absl::SleepFor(kMinInterval - since);
    last = absl::Now();
    bool all = false;
    std::set<CreditTouch> touched;
    {
      absl::MutexLock lock(&mu_);
      all = refresh_all_ || last - last_full >= kPoll;
      refresh_all_ = false;
      touched.swap(touched_);
    }
    if (all) last_full = last;
    Publish(all, touched);
  }
}

void AttainmentWatch::Publish(bool all, const std::set<CreditTouch>& touched) {
  std::vector<std::shared_ptr<Watcher>> watchers;
  {
    absl::MutexLock lock(&mu_);
    // Streams that ended are dropped here.
    std::erase_if(watchers_, [](const std::shared_ptr<Watcher>& w) {
      absl::MutexLock watcher_lock(&w->mu);
      return w->reactor == nullptr;
    });
    watchers = watchers_;
  }
  // Each distinct question is answered once per round.
  std::map<std::string, absl::StatusOr<v1::Attainment>> answers;
  for (const auto& watcher : watchers) {
    if (!all && !Touches(watcher->query, touched)) continue;
    const std::string key = QuestionKey(watcher->query);
    auto it = answers.find(key);
    if (it == answers.end()) {
      it = answers.emplace(key, attainment_.Compute(watcher->query, absl::Now() + kQueryTimeout))
               .first;
    }
    if (it->second.ok()) {
      watcher->Offer(*it->second);
    } else if (it->second.status().code() == absl::StatusCode::kNotFound) {
      absl::MutexLock watcher_lock(&watcher->mu);
      watcher->RequestFinish(
          grpc::Status(grpc::StatusCode::NOT_FOUND, std::string(it->second.status().message())));
    }
    // Other errors (the database away for a moment): the next round tries again.
  }
}

}  // namespace sales::incentives::api
