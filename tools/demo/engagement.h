// Interactions and satisfaction surveys: a rep's call, e-mail or meeting at each step of a
// lead and the follow-ups between them (the law of winning's, funnel.h), regular visits and calls
// to the company customers a rep owns, an occasional call to a person, and NPS answers from a
// sample of customers. (CSAT answers about orders come with the live orders, which have names to
// refer to.)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "sales/customers/v1/engagement.pb.h"
#include "tools/demo/customers.h"
#include "tools/demo/funnel.h"
#include "tools/demo/options.h"

namespace sales::demo {

struct InteractionPlan {
  int lead = -1;      // subject: a lead (index), or
  int customer = -1;  // a customer (index)
  sales::customers::v1::InteractionKind kind = sales::customers::v1::INTERACTION_KIND_CALL;
  int rep = 0;
  absl::CivilDay day;
  int64_t second = 0;
  std::string notes;
};

struct SurveyPlan {
  int customer = 0;
  int score = 0;  // NPS 0-10
  std::string comment;
  absl::CivilDay day;  // when it was answered
  int64_t second = 0;  // of that day
};

struct EngagementPlan {
  std::vector<InteractionPlan> interactions;
  std::vector<SurveyPlan> nps;
};

EngagementPlan PlanEngagement(const DemoOptions& options, const std::vector<LeadPlan>& leads,
                              const std::vector<CustomerPlan>& customers);

}  // namespace sales::demo
