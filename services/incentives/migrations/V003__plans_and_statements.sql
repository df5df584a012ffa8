-- Plans and statements. Amounts are BIGINT minor units; rates parts per million; days DATE
-- of the business time zone; months "YYYY-MM".

-- What each credit is made of, line by line (the order's lines split by the credit's share,
-- largest remainder, so a credit's lines add up exactly to it). rep_id, day and
-- original_day repeat the credit's, so that a month's lines are read by their own index.
CREATE TABLE IF NOT EXISTS credit_lines (
  credit_id BIGINT NOT NULL,
  line_no INT NOT NULL,
  rep_id VARCHAR(64) NOT NULL,
  day DATE NOT NULL,
  original_day DATE NULL,
  product VARCHAR(40) NOT NULL,
  category VARCHAR(100) NOT NULL,
  revenue BIGINT NOT NULL,
  margin BIGINT NOT NULL,
  units BIGINT NOT NULL,
  PRIMARY KEY (credit_id, line_no),
  KEY ix_credit_lines_day (day, credit_id),
  KEY ix_credit_lines_rep (rep_id, day),
  KEY ix_credit_lines_original_day (original_day, credit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The lines of a return resolved before its order completed, kept until the order completes
-- and the return is reversed line by line.
CREATE TABLE IF NOT EXISTS order_return_lines (
  return_name VARCHAR(40) NOT NULL,
  line_no INT NOT NULL,
  product VARCHAR(40) NOT NULL,
  category VARCHAR(100) NOT NULL,
  revenue BIGINT NOT NULL,
  cost BIGINT NOT NULL,
  units BIGINT NOT NULL,
  PRIMARY KEY (return_name, line_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Reversals counted in the month of the credit they reverse are read by original_day.
CREATE INDEX ix_credits_original_day ON credits (original_day, id);

CREATE TABLE IF NOT EXISTS plans (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A version's terms are the sales.incentives.v1.PlanVersion message (its components and
-- policies), base64 of its bytes. state 1 draft, 2 published; effective_month set when
-- published; used = 1 once a locked statement used it.
CREATE TABLE IF NOT EXISTS plan_versions (
  plan_id BIGINT NOT NULL,
  version INT NOT NULL,
  state TINYINT NOT NULL,
  effective_month VARCHAR(7) NULL,
  terms MEDIUMTEXT NOT NULL,
  used TINYINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  published_at DATETIME(6) NULL,
  PRIMARY KEY (plan_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- assignee_kind 2 team (assignee_key the team id), 3 rep (the rep id); end_day exclusive,
-- NULL while open-ended.
CREATE TABLE IF NOT EXISTS plan_assignments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  plan_id BIGINT NOT NULL,
  assignee_kind TINYINT NOT NULL,
  assignee_key VARCHAR(64) NOT NULL,
  first_day DATE NOT NULL,
  end_day DATE NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_plan_assignments_plan (plan_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A locked month.
CREATE TABLE IF NOT EXISTS locked_periods (
  period VARCHAR(7) NOT NULL PRIMARY KEY,
  locked_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A locked statement: the sales.incentives.v1.Statement message (full view), base64 of its
-- bytes, with its total and the recoverable draw still owed after it.
CREATE TABLE IF NOT EXISTS statements (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  rep_id VARCHAR(64) NOT NULL,
  period VARCHAR(7) NOT NULL,
  plan_id BIGINT NOT NULL,
  version INT NOT NULL,
  total BIGINT NOT NULL,
  draw_balance BIGINT NOT NULL,
  body MEDIUMTEXT NOT NULL,
  locked_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_statements_rep_period (rep_id, period),
  KEY ix_statements_period (period, rep_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every credit a locked statement accounted for, once: home_period is the month the credit
-- counts in (its own, or the locked month an adjustment corrected).
CREATE TABLE IF NOT EXISTS statement_credits (
  credit_id BIGINT NOT NULL PRIMARY KEY,
  statement_id BIGINT NOT NULL,
  rep_id VARCHAR(64) NOT NULL,
  home_period VARCHAR(7) NOT NULL,
  KEY ix_statement_credits_rep (rep_id, home_period)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
