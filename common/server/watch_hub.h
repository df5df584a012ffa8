// WatchHub: the server side of every "Watch" RPC, a stream that sends the latest answer to
// one question, the first at once and a new one whenever it changes.
//
// Served with gRPC's callback API: a stream is a write reactor, not a thread, so a hundred
// watchers do not hold a hundred threads. One publisher thread does every read (never gRPC's
// callback threads, which must not block). Woken by Notify, it waits out `min_interval` (a
// burst of changes makes one round), answers each distinct question the change can touch
// once, and sends a stream the answer only when its figures differ from the last ones sent;
// while a write is in flight only the newest answer waits (older ones are dropped: only the
// latest figures matter). Every `full_round` it answers every stream, which turns periods
// over at midnight and sees changes made by another replica.
//
// An answer that fails with a code retrying cannot heal (invalid argument, not found, failed
// precondition, out of range, permission denied) ends the stream with that code; any other
// error (the database away for a moment) is retried in the next round.
#pragma once

#include <grpcpp/support/server_callback.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/log.h"

namespace sales::server {

// The service-specific half of a hub.
template <typename Question, typename Answer>
struct WatchSource {
  // Computes the current answer (on the publisher thread; may block on the database).
  std::function<absl::StatusOr<Answer>(const Question&)> answer;
  // Equal keys are the same question, answered once per round.
  std::function<std::string(const Question&)> question_key;
  // What a stream compares to decide whether to send: the figures, not the moment they were
  // read nor feed positions that move with events that change nothing here.
  std::function<std::string(const Answer&)> figures_key;
};

struct WatchOptions {
  std::string method;  // for the log line at the end of a stream
  absl::Duration min_interval = absl::Milliseconds(100);
  absl::Duration full_round = absl::Seconds(1);
};

// Whether a failed answer ends its stream (see the file comment).
inline bool EndsWatch(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kPermissionDenied:
      return true;
    default:
      return false;
  }
}

template <typename Question, typename Answer>
class WatchHub final {
 public:
  // Which questions a change can touch.
  using Touches = std::function<bool(const Question&)>;

  // Starts the publisher thread.
  WatchHub(WatchOptions options, WatchSource<Question, Answer> source)
      : options_(std::move(options)), source_(std::move(source)) {
    publisher_ = std::thread([this] { PublishLoop(); });
  }
  ~WatchHub() { Stop(); }
  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  // A stream for a validated question; its first answer comes in the next round.
  grpc::ServerWriteReactor<Answer>* Open(Question question) {
    auto watcher = std::make_shared<Watcher>(std::move(question));
    auto* reactor = new Reactor(watcher, options_.method);
    const std::string key = source_.question_key(watcher->question);
    absl::MutexLock lock(&mu_);
    absl::MutexLock watcher_lock(&watcher->mu);
    watcher->reactor = reactor;
    if (stopping_) {
      watcher->RequestFinish(
          grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down"));
      return reactor;
    }
    watchers_.push_back(std::move(watcher));
    pending_.push_back([this, key](const Question& q) { return source_.question_key(q) == key; });
    return reactor;
  }

  // Something changed that can touch the questions `touches` accepts.
  void Notify(Touches touches) {
    absl::MutexLock lock(&mu_);
    pending_.push_back(std::move(touches));
  }
  // Something changed that can touch any question.
  void NotifyAll() {
    absl::MutexLock lock(&mu_);
    all_pending_ = true;
  }

  // Ends every stream with UNAVAILABLE and refuses new ones (at SIGTERM).
  void StopStreams() {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (const auto& watcher : watchers_) {
      absl::MutexLock watcher_lock(&watcher->mu);
      watcher->RequestFinish(
          grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down; watch again"));
    }
  }

  // StopStreams, then ends the publisher thread. Idempotent.
  void Stop() {
    StopStreams();
    {
      absl::MutexLock lock(&mu_);
      thread_stop_ = true;
    }
    if (publisher_.joinable()) publisher_.join();
  }

  int64_t open_streams() const {
    absl::MutexLock lock(&mu_);
    return static_cast<int64_t>(watchers_.size());
  }

 private:
  // One stream's state, shared by its reactor (gRPC's callback threads) and the publisher.
  // Lock order: WatchHub::mu_ before Watcher::mu.
  struct Watcher {
    explicit Watcher(Question q) : question(std::move(q)) {}

    // Sends `answer` unless it shows the figures sent last (see the file comment).
    void Offer(Answer answer, const std::string& figures) {
      absl::MutexLock lock(&mu);
      if (finishing || reactor == nullptr) return;
      if (figures == last_figures) return;
      last_figures = figures;
      if (writing) {
        next = std::move(answer);
        return;
      }
      in_flight = std::move(answer);
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

    const Question question;
    absl::Mutex mu;
    grpc::ServerWriteReactor<Answer>* reactor ABSL_GUARDED_BY(mu) = nullptr;
    std::string last_figures ABSL_GUARDED_BY(mu);
    Answer in_flight ABSL_GUARDED_BY(mu);  // alive until its write is done
    std::optional<Answer> next ABSL_GUARDED_BY(mu);
    bool writing ABSL_GUARDED_BY(mu) = false;
    bool finishing ABSL_GUARDED_BY(mu) = false;
    std::optional<grpc::Status> pending_finish ABSL_GUARDED_BY(mu);
    int64_t sent ABSL_GUARDED_BY(mu) = 0;
  };

  class Reactor final : public grpc::ServerWriteReactor<Answer> {
   public:
    Reactor(std::shared_ptr<Watcher> watcher, std::string method)
        : watcher_(std::move(watcher)), method_(std::move(method)) {}

    void OnWriteDone(bool ok) override {
      absl::MutexLock lock(&watcher_->mu);
      watcher_->writing = false;
      ++watcher_->sent;
      if (watcher_->pending_finish.has_value()) {
        this->Finish(*watcher_->pending_finish);
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
        this->StartWrite(&watcher_->in_flight);
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
      log::Info("stream ended", {{"method", method_},
                                 {"updates_sent", sent},
                                 {"duration_ms", absl::ToInt64Milliseconds(absl::Now() - start_)}});
      delete this;
    }

   private:
    const std::shared_ptr<Watcher> watcher_;
    const std::string method_;
    const absl::Time start_ = absl::Now();
  };

  void PublishLoop() {
    absl::Time last = absl::InfinitePast();
    absl::Time last_full = absl::Now();
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return !pending_.empty() || all_pending_ || thread_stop_;
        };
        mu_.AwaitWithTimeout(absl::Condition(&woken), options_.full_round);
        if (thread_stop_) return;
      }
      const absl::Duration since = absl::Now() - last;
      if (since < options_.min_interval) absl::SleepFor(options_.min_interval - since);
      last = absl::Now();
      bool all = false;
      std::vector<Touches> touches;
      {
        absl::MutexLock lock(&mu_);
        all = all_pending_ || last - last_full >= options_.full_round;
        all_pending_ = false;
        touches.swap(pending_);
      }
      if (all) last_full = last;
      Publish(all, touches);
    }
  }

  void Publish(bool all, const std::vector<Touches>& touches) {
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
    std::map<std::string, absl::StatusOr<Answer>> answers;
    for (const auto& watcher : watchers) {
      if (!all && !AnyTouches(touches, watcher->question)) continue;
      const std::string key = source_.question_key(watcher->question);
      auto it = answers.find(key);
      if (it == answers.end()) it = answers.emplace(key, source_.answer(watcher->question)).first;
      if (it->second.ok()) {
        watcher->Offer(*it->second, source_.figures_key(*it->second));
      } else if (EndsWatch(it->second.status().code())) {
        absl::MutexLock watcher_lock(&watcher->mu);
        watcher->RequestFinish(
            grpc::Status(static_cast<grpc::StatusCode>(it->second.status().code()),
                         std::string(it->second.status().message())));
      }
    }
  }

  static bool AnyTouches(const std::vector<Touches>& touches, const Question& question) {
    for (const auto& touch : touches) {
      if (touch(question)) return true;
    }
    return false;
  }

  const WatchOptions options_;
  const WatchSource<Question, Answer> source_;
  mutable absl::Mutex mu_;
  std::vector<Touches> pending_ ABSL_GUARDED_BY(mu_);
  bool all_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool thread_stop_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::shared_ptr<Watcher>> watchers_ ABSL_GUARDED_BY(mu_);
  std::thread publisher_;
};

}  // namespace sales::server
