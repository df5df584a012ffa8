#include "tools/loadgen/lead_facts_writer.h"

namespace sales::loadgen {

LeadFactsWriter::LeadFactsWriter(db::ConnectionPool& pool)
    : leads_(pool,
             "INSERT INTO lead_facts (lead_name, create_time, day, owner_rep, channel, "
             "outcome) VALUES ",
             6),
      stages_(pool, "INSERT INTO lead_stage_facts (lead_name, entered_time, stage) VALUES ", 3),
      amounts_(pool, "INSERT INTO lead_amount_facts (lead_name, expected_minor) VALUES ", 2),
      interactions_(pool,
                    "INSERT INTO interaction_facts (interaction, kind, rep, customer, "
                    "lead_name, occur_time) VALUES ",
                    6) {}

void LeadFactsWriter::AddLead(const std::string& lead, absl::Time created, const std::string& day,
                              const std::string& owner_rep, const std::string& channel,
                              Outcome outcome, int64_t expected_minor) {
  leads_.Add({lead, created, day, owner_rep, channel, static_cast<int64_t>(outcome)});
  amounts_.Add({lead, expected_minor});
  stages_.Add({lead, created, std::string("LEAD_STAGE_LEAD")});
  ++totals_.leads;
  totals_.closed += outcome == Outcome::kOpen ? 0 : 1;
  totals_.won += outcome == Outcome::kWon ? 1 : 0;
}

void LeadFactsWriter::AddStage(const std::string& lead, absl::Time entered,
                               const std::string& stage) {
  stages_.Add({lead, entered, stage});
}

void LeadFactsWriter::AddInteraction(const std::string& interaction, const std::string& kind,
                                     const std::string& rep, const std::string& customer,
                                     const std::string& lead, absl::Time occurred) {
  interactions_.Add({interaction, kind, rep, customer, lead, occurred});
  ++totals_.interactions;
}

absl::Status LeadFactsWriter::status() const {
  for (const RowWriter* w : {&leads_, &stages_, &amounts_, &interactions_}) {
    if (!w->status().ok()) return w->status();
  }
  return absl::OkStatus();
}

absl::Status LeadFactsWriter::Finish() {
  for (RowWriter* w : {&leads_, &stages_, &amounts_, &interactions_}) w->Flush();
  return status();
}

}  // namespace sales::loadgen
