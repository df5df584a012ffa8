// Row <-> proto mapping for the customers API, and the event snapshots built from rows.
#pragma once

#include <string>
#include <vector>

#include "sales/customers/v1/customer.pb.h"
#include "sales/customers/v1/engagement.pb.h"
#include "sales/customers/v1/lead.pb.h"
#include "sales/customers/v1/loyalty.pb.h"
#include "sales/events/v1/customer_events.pb.h"
#include "services/customers/src/domain/funnel.h"
#include "services/customers/src/domain/loyalty.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::api {

namespace v1 = ::sales::customers::v1;

v1::Customer ToProto(const store::CustomerRow& row);
v1::Contact ToProto(const store::ContactRow& row);
v1::Lead ToProto(const store::LeadRow& row, const std::vector<store::StageChangeRow>& history);
v1::Interaction ToProto(const store::InteractionRow& row);
v1::SurveyResponse ToProto(const store::SurveyRow& row);
v1::LoyaltyAccount ToProto(const store::LoyaltyRow& row, const std::string& currency);
v1::PointEntry ToProto(const store::PointEntryRow& row);

events::v1::CustomerSnapshot ToSnapshot(const store::CustomerRow& row);

// Proto LeadStage number <-> domain stage (the domain knows nothing of protos).
domain::LeadStage ToDomainStage(int proto_stage);
int ToProtoStage(domain::LeadStage stage);

// Proto PointEntryKind number -> domain kind.
domain::PointEntryKind ToDomainPointKind(int proto_kind);

// The opaque etag of a row version.
std::string Etag(int64_t version);

}  // namespace sales::customers::api
