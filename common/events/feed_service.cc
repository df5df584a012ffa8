#include "common/events/feed_service.h"

#include <set>

#include "common/db/transaction.h"
#include "common/events/event_log.h"
#include "common/status.h"

namespace sales::events {
namespace {

constexpr int kReadBatch = 500;
// How long a caught-up stream waits for the local relay before reading the log again
// (the relay may run in another replica, which cannot wake us).
constexpr absl::Duration kFollowPoll = absl::Milliseconds(200);

// Each name in `types` must be an event type: a field name of the Event.payload oneof.
absl::Status ValidateTypes(const google::protobuf::RepeatedPtrField<std::string>& types) {
  const google::protobuf::OneofDescriptor* payload =
      v1::Event::descriptor()->FindOneofByName("payload");
  for (const std::string& type : types) {
    bool known = false;
    for (int i = 0; i < payload->field_count() && !known; ++i) {
      known = payload->field(i)->name() == type;
    }
    if (!known) {
      return InvalidField("types", absl::StrCat("'", type,
                                                "' is not an event type (the field names of "
                                                "sales.events.v1.Event.payload, e.g. "
                                                "order_status_changed)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

FeedService::FeedService(db::ConnectionPool& pool, LogWatcher& watcher, RpcObserver& observer)
    : pool_(pool), watcher_(watcher), observer_(observer) {}

grpc::Status FeedService::Subscribe(grpc::ServerContext* context,
                                    const v1::SubscribeRequest* request,
                                    grpc::ServerWriter<v1::Event>* writer) {
  // A stream has no overall deadline: each database read gets its own.
  return observer_.Observe(nullptr, "Subscribe", "", [&](absl::Time) -> absl::Status {
    if (request->after_position() < 0) {
      return InvalidField("after_position", "must not be negative");
    }
    RETURN_IF_ERROR(ValidateTypes(request->types()));
    const std::set<std::string> types(request->types().begin(), request->types().end());
    int64_t after = request->after_position();
    while (!context->IsCancelled()) {
      if (stopping_) return absl::UnavailableError("server is shutting down; resubscribe");
      std::vector<LoggedEvent> batch;
      RETURN_IF_ERROR(
          db::RunInTransaction(pool_, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
            batch = ReadLog(tx, after, kReadBatch);
            return absl::OkStatus();
          }));
      for (const LoggedEvent& logged : batch) {
        after = logged.position;
        if (!types.empty() && !types.contains(logged.type)) continue;
        v1::Event event;
        if (!ParseLogged(logged, &event)) {
          return absl::DataLossError(
              absl::StrCat("event at position ", logged.position, " does not parse"));
        }
        if (!writer->Write(event)) return absl::CancelledError("subscriber went away");
      }
      if (static_cast<int>(batch.size()) < kReadBatch) watcher_.WaitBeyond(after, kFollowPoll);
    }
    return absl::CancelledError("subscriber cancelled");
  });
}

grpc::Status FeedService::GetFeedHead(grpc::ServerContext* context, const v1::GetFeedHeadRequest*,
                                      v1::FeedHead* response) {
  return observer_.Observe(context, "GetFeedHead", "", [&](absl::Time deadline) {
    return db::RunInTransaction(pool_, deadline, [&](db::Transaction& tx) {
      response->set_position(HeadPosition(tx));
      response->set_pending(PendingCount(tx));
      return absl::OkStatus();
    });
  });
}

}  // namespace sales::events
