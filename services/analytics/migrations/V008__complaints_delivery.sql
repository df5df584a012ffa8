-- Complaints, feedback categories and delivery promises: the facts the process KPIs read
-- for complaint rate, time to resolve, complaints by category and on-time delivery.
--
-- Every categorised or complaint interaction (InteractionLogged with a category or
-- complaint = true) and every categorised survey answer (SurveyAnswered with a category),
-- keyed by its resource name ("interactions/{id}", "surveyResponses/{id}"). category is the
-- FeedbackCategory name ('' when not given); rep is the rep who logged it ('' when none);
-- the subject is a customer or a lead (the other column ''). A complaint's resolve_time and
-- resolved_by come from ComplaintResolved; NULL while it is open. The primary key makes a
-- repeated event change nothing.
CREATE TABLE feedback_facts (
  item VARCHAR(64) NOT NULL PRIMARY KEY,
  category VARCHAR(40) NOT NULL,
  complaint BOOLEAN NOT NULL,
  rep VARCHAR(64) NOT NULL,
  customer VARCHAR(64) NOT NULL,
  lead_name VARCHAR(64) NOT NULL,
  occur_time DATETIME(6) NOT NULL,
  resolve_time DATETIME(6) NULL,
  resolved_by VARCHAR(200) NULL,
  KEY ix_feedback_facts_time (occur_time, complaint),
  KEY ix_feedback_facts_rep (rep, occur_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every order whose shipments were all delivered (OrderStatusChanged to DELIVERED), once:
-- when (the change time), its channel and region, and its delivery promise as the snapshot
-- judged it: promised_date NULL without a promise; on_time and days_late (whole local days
-- the last delivery came after the promised date) otherwise. Reps are the order's credit
-- shares in order_credit_facts.
CREATE TABLE delivery_facts (
  order_name VARCHAR(64) NOT NULL PRIMARY KEY,
  channel VARCHAR(40) NOT NULL,
  region VARCHAR(64) NOT NULL,
  delivery_option VARCHAR(40) NOT NULL,
  promised_date DATE NULL,
  on_time BOOLEAN NOT NULL,
  days_late INT NOT NULL,
  delivered_time DATETIME(6) NOT NULL,
  KEY ix_delivery_facts_time (delivered_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
