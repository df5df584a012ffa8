-- Referrals (who referred a customer, the first completed order of a referred customer and
-- the points its referrer earned for it, the revenue of referred customers) and categorised
-- feedback (a category on survey answers and interactions; complaints with a resolution).

-- The customer who referred this one, set at create or once by update; never changes after.
ALTER TABLE customers ADD COLUMN referred_by BIGINT NULL;
CREATE INDEX ix_customers_referred_by ON customers (referred_by, id);

-- The referred customer a referral reward was earned for (empty on other entries).
ALTER TABLE point_entries ADD COLUMN referred_customer_id BIGINT NULL;

-- One row per referred customer whose first order completed: the primary key makes the
-- reward happen once, whatever the feed redelivers. points is 0 when the first order was a
-- historical (imported) one, which earns nothing.
CREATE TABLE IF NOT EXISTS referral_rewards (
  referred_customer_id BIGINT NOT NULL PRIMARY KEY,
  referrer_id BIGINT NOT NULL,
  order_name VARCHAR(80) NOT NULL,
  points BIGINT NOT NULL,
  rewarded_at DATETIME(6) NOT NULL,
  KEY ix_referral_rewards_referrer (referrer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Completed orders of referred customers, once per order: revenue before tax in the order's
-- currency, less what was refunded later.
CREATE TABLE IF NOT EXISTS referral_orders (
  order_name VARCHAR(80) NOT NULL PRIMARY KEY,
  referrer_id BIGINT NOT NULL,
  referred_customer_id BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  net_minor BIGINT NOT NULL,
  completed_at DATETIME(6) NOT NULL,
  KEY ix_referral_orders_referrer (referrer_id, currency)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Feedback categories (FeedbackCategory numbers, 0 = not given).
ALTER TABLE survey_responses ADD COLUMN category TINYINT NOT NULL DEFAULT 0;
ALTER TABLE interactions ADD COLUMN category TINYINT NOT NULL DEFAULT 0;
-- Complaints: an interaction flagged as one has a resolution state (ComplaintState numbers:
-- 1 open, 2 resolved; 0 for interactions that are not complaints).
ALTER TABLE interactions ADD COLUMN complaint_state TINYINT NOT NULL DEFAULT 0;
ALTER TABLE interactions ADD COLUMN resolved_at DATETIME(6) NULL;
ALTER TABLE interactions ADD COLUMN resolved_by VARCHAR(200) NULL;
ALTER TABLE interactions ADD COLUMN resolution_note VARCHAR(2000) NULL;
CREATE INDEX ix_interactions_complaints ON interactions (complaint_state, category, occurred_at, id);
