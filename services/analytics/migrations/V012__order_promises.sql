-- Every order that carries a delivery promise, from the orders feed, for the orders past
-- their promised date and not yet delivered at a moment (process KPIs): its channel and
-- region, when it was placed, the promised date as the latest event of the order carried it
-- (OrderPlaced, then each OrderStatusChanged analytics receives), and when it was cancelled
-- (NULL while it is not). Whether and when it was
-- delivered is delivery_facts'. Reps are the order's credit shares in order_credit_facts. A
-- repeated event changes nothing. A rebuild fills its "_rebuild" twin like every fact table
-- (and so fills it for the history ingested before this table existed).
CREATE TABLE order_promise_facts (
  order_name VARCHAR(64) NOT NULL PRIMARY KEY,
  channel VARCHAR(40) NOT NULL,
  region VARCHAR(64) NOT NULL,
  create_time DATETIME(6) NOT NULL,
  promised_date DATE NOT NULL,
  cancel_time DATETIME(6) NULL,
  KEY ix_order_promise_facts_promised (promised_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
