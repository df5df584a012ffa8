-- Credits from the orders feed. An order incentives has heard of: its credited amounts at
-- completion (completed = 1) and what returns and a cancellation took back since.
CREATE TABLE IF NOT EXISTS credited_orders (
  order_name VARCHAR(40) NOT NULL PRIMARY KEY,
  completed TINYINT NOT NULL DEFAULT 0,
  completed_day DATE NULL,
  revenue BIGINT NOT NULL DEFAULT 0,
  margin BIGINT NOT NULL DEFAULT 0,
  units BIGINT NOT NULL DEFAULT 0,
  returned_revenue BIGINT NOT NULL DEFAULT 0,
  returned_margin BIGINT NOT NULL DEFAULT 0,
  returned_units BIGINT NOT NULL DEFAULT 0,
  cancelled TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every resolved return once: applied = 0 while its order has not completed yet (it is
-- reversed when the order completes), 1 once reversed.
CREATE TABLE IF NOT EXISTS order_returns (
  return_name VARCHAR(40) NOT NULL PRIMARY KEY,
  order_name VARCHAR(40) NOT NULL,
  revenue BIGINT NOT NULL,
  margin BIGINT NOT NULL,
  units BIGINT NOT NULL,
  resolved_at DATETIME(6) NOT NULL,
  applied TINYINT NOT NULL DEFAULT 0,
  KEY ix_order_returns_order (order_name, resolved_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A credit (cause_kind 1: the order completed) or a reversal (2: a return, 3: a
-- cancellation after completion) of one rep and credit kind (1 revenue, 2 overlay).
-- rep_id is kept even for a rep incentives does not know. day is the business-time-zone day
-- it counts on.
CREATE TABLE IF NOT EXISTS credits (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_name VARCHAR(40) NOT NULL,
  cause VARCHAR(40) NOT NULL,
  cause_kind TINYINT NOT NULL,
  rep_id VARCHAR(64) NOT NULL,
  kind TINYINT NOT NULL,
  share_bp INT NOT NULL,
  revenue BIGINT NOT NULL,
  margin BIGINT NOT NULL,
  units BIGINT NOT NULL,
  day DATE NOT NULL,
  credited_at DATETIME(6) NOT NULL,
  reverses_id BIGINT NULL,
  original_day DATE NULL,
  UNIQUE KEY uk_credits_cause (order_name, cause, cause_kind, rep_id, kind),
  KEY ix_credits_rep (rep_id, day, id),
  KEY ix_credits_day (day, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
