#include "common/server/health_service.h"

#include <utility>

namespace sales {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

// One Watch call. Its state is guarded by the service's mutex; gRPC is called (StartWrite,
// Finish) outside it. At most one write is in flight, and Finish comes only when none is:
// whoever decides to write or to finish, under the mutex, is the only one to do it, and the
// watcher cannot be deleted (OnDone) before that Finish.
class HealthService::Watcher final : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  Watcher(HealthService* service, std::string name) : service_(service), name_(std::move(name)) {}

  // Registers with the service and sends the current status.
  void Start() {
    Action action;
    {
      absl::MutexLock lock(&service_->mu_);
      service_->watchers_.insert(this);
      want_ = service_->StatusLocked(name_);
      finishing_ = service_->shut_down_;
      action = DecideLocked();
    }
    Perform(action);
  }

  // The service's status changed (or it shut down): returns what to do once the mutex is
  // released.
  enum class Action { kNone, kWrite, kFinishOk, kFinishCancelled };
  Action UpdateLocked(ServingStatus status, bool finishing)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(service_->mu_) {
    want_ = status;
    finishing_ = finishing_ || finishing;
    return DecideLocked();
  }
  const std::string& name() const { return name_; }

  void Perform(Action action) {
    switch (action) {
      case Action::kNone:
        break;
      case Action::kWrite:
        StartWrite(&response_);
        break;
      case Action::kFinishOk:
        Finish(grpc::Status::OK);
        break;
      case Action::kFinishCancelled:
        Finish(grpc::Status::CANCELLED);
        break;
    }
  }

  void OnWriteDone(bool ok) override {
    Action action;
    {
      absl::MutexLock lock(&service_->mu_);
      writing_ = false;
      if (!ok) cancelled_ = true;  // the stream is broken: nothing more can be sent
      action = DecideLocked();
    }
    Perform(action);
  }

  void OnCancel() override {
    Action action;
    {
      absl::MutexLock lock(&service_->mu_);
      cancelled_ = true;
      action = DecideLocked();
    }
    Perform(action);
  }

  void OnDone() override {
    service_->Unregister(this);
    delete this;
  }

 private:
  Action DecideLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(service_->mu_) {
    if (finished_ || writing_) return Action::kNone;
    if (cancelled_) {
      finished_ = true;
      return Action::kFinishCancelled;
    }
    if (!sent_any_ || want_ != sent_) {
      writing_ = true;
      sent_any_ = true;
      sent_ = want_;
      response_.set_status(want_);
      return Action::kWrite;
    }
    if (finishing_) {
      finished_ = true;
      return Action::kFinishOk;
    }
    return Action::kNone;
  }

  HealthService* const service_;
  const std::string name_;
  ServingStatus want_ ABSL_GUARDED_BY(service_->mu_) = HealthCheckResponse::UNKNOWN;
  ServingStatus sent_ ABSL_GUARDED_BY(service_->mu_) = HealthCheckResponse::UNKNOWN;
  bool sent_any_ ABSL_GUARDED_BY(service_->mu_) = false;
  bool writing_ ABSL_GUARDED_BY(service_->mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(service_->mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(service_->mu_) = false;
  bool finished_ ABSL_GUARDED_BY(service_->mu_) = false;
  // Written only by whoever set writing_, read by gRPC until OnWriteDone.
  HealthCheckResponse response_;
};

HealthService::HealthService(const std::vector<std::string>& service_names)
    : names_(service_names.begin(), service_names.end()) {}

HealthService::~HealthService() = default;

HealthService::ServingStatus HealthService::StatusLocked(const std::string& service) const {
  if (!service.empty() && !names_.contains(service)) return HealthCheckResponse::SERVICE_UNKNOWN;
  return serving_ ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING;
}

void HealthService::SetServing(bool serving) {
  std::vector<std::pair<Watcher*, Watcher::Action>> actions;
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_ || serving_ == serving) return;
    serving_ = serving;
    for (Watcher* watcher : watchers_) {
      actions.emplace_back(
          watcher, watcher->UpdateLocked(StatusLocked(watcher->name()), /*finishing=*/false));
    }
  }
  for (auto& [watcher, action] : actions) watcher->Perform(action);
}

void HealthService::Shutdown() {
  std::vector<std::pair<Watcher*, Watcher::Action>> actions;
  {
    absl::MutexLock lock(&mu_);
    shut_down_ = true;
    serving_ = false;
    for (Watcher* watcher : watchers_) {
      actions.emplace_back(
          watcher, watcher->UpdateLocked(StatusLocked(watcher->name()), /*finishing=*/true));
    }
  }
  for (auto& [watcher, action] : actions) watcher->Perform(action);
}

void HealthService::Unregister(Watcher* watcher) {
  absl::MutexLock lock(&mu_);
  watchers_.erase(watcher);
}

grpc::ServerUnaryReactor* HealthService::Check(grpc::CallbackServerContext* context,
                                               const HealthCheckRequest* request,
                                               HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ServingStatus status;
  {
    absl::ReaderMutexLock lock(&mu_);
    status = StatusLocked(request->service());
  }
  if (status == HealthCheckResponse::SERVICE_UNKNOWN) {
    reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service"));
  } else {
    response->set_status(status);
    reactor->Finish(grpc::Status::OK);
  }
  return reactor;
}

grpc::ServerWriteReactor<HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext* /*context*/, const HealthCheckRequest* request) {
  auto* watcher = new Watcher(this, request->service());
  watcher->Start();
  return watcher;
}

}  // namespace sales
