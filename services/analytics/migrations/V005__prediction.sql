-- Prediction: the facts lead scoring, rep activity and the market basket read.
--
-- Every interaction the customers feed logged (InteractionLogged): its kind, the rep who
-- had it ('' when none), and its subject, a customer or a lead (the other column ''). The
-- primary key makes a repeated event change nothing.
CREATE TABLE interaction_facts (
  interaction VARCHAR(64) NOT NULL PRIMARY KEY,
  kind VARCHAR(40) NOT NULL,
  rep VARCHAR(64) NOT NULL,
  customer VARCHAR(64) NOT NULL,
  lead_name VARCHAR(64) NOT NULL,
  occur_time DATETIME(6) NOT NULL,
  KEY ix_interaction_facts_time (occur_time, rep, kind),
  KEY ix_interaction_facts_lead (lead_name, occur_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Each lead's expected amount as last set (LeadCreated, then LeadUpdated), minor units of
-- the deployment currency: a feature of lead scoring.
CREATE TABLE lead_amount_facts (
  lead_name VARCHAR(64) NOT NULL PRIMARY KEY,
  expected_minor BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Won leads by the time they entered WON (rep activity's activity-to-win conversion).
CREATE INDEX ix_lead_stage_facts_stage ON lead_stage_facts (stage, entered_time);
