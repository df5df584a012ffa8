#include "common/outbox.h"

#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "common/time_util.h"

namespace sales {
namespace {
constexpr char kInsertPrefix[] =
    "INSERT INTO outbox (event_id, event_type, event_variant, aggregate, occurred_at, payload) "
    "VALUES ";
constexpr int kColumns = 6;

// Completes an event's envelope and appends its row's values.
void AppendRow(events::v1::Event& event, absl::Time now, std::vector<db::SqlParam>& params) {
  if (event.id().empty()) event.set_id(NewUuid());
  if (!event.has_occur_time()) *event.mutable_occur_time() = ToProtoTime(now);
  if (event.type().empty()) event.set_type(EventTypeOf(event));
  params.insert(params.end(),
                {event.id(), event.type(), EventVariantOf(event), event.aggregate(),
                 FromProtoTime(event.occur_time()), absl::Base64Escape(event.SerializeAsString())});
}

}  // namespace

std::string NewUuid() {
  unsigned char b[16];
  RAND_bytes(b, sizeof(b));
  b[6] = (b[6] & 0x0f) | 0x40;  // version 4
  b[8] = (b[8] & 0x3f) | 0x80;  // RFC 4122 variant
  return absl::StrFormat("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                         b[12], b[13], b[14], b[15]);
}

std::string EventTypeOf(const events::v1::Event& event) {
  const auto* oneof = events::v1::Event::descriptor()->FindOneofByName("payload");
  const auto* field = event.GetReflection()->GetOneofFieldDescriptor(event, oneof);
  return field == nullptr ? "unknown" : field->name();
}

std::string EventVariantOf(const events::v1::Event& event) {
  return event.has_order_status_changed() ? event.order_status_changed().to_status() : "";
}

void WriteEvent(db::Transaction& tx, events::v1::Event event) {
  std::vector<events::v1::Event> one;
  one.push_back(std::move(event));
  WriteEvents(tx, std::move(one));
}

void WriteEvents(db::Transaction& tx, std::vector<events::v1::Event> events) {
  if (events.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(events.size() * kColumns);
  const absl::Time now = NowMicros();
  for (events::v1::Event& event : events) AppendRow(event, now, params);
  tx.NoteOutboxWrite();
  db::ExecRows(tx, kInsertPrefix, kColumns, params);
}

}  // namespace sales
