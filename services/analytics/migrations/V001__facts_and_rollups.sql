-- The analytics schema: facts kept from the feeds (one row per order, line, credit share,
-- return, customer's first order and lead), and the daily rollup every KPI answer sums.
-- Days are civil days of the business time zone; a change of zone needs a rebuild.

-- One row per slice member and day: the measures the KPIs are computed from. dim is
-- 'all' (member ''), 'channel', 'region', 'product', 'category' or 'rep'.
CREATE TABLE kpi_days (
  dim VARCHAR(16) NOT NULL,
  member VARCHAR(100) NOT NULL,
  day DATE NOT NULL,
  orders BIGINT NOT NULL DEFAULT 0,
  units BIGINT NOT NULL DEFAULT 0,
  gross_minor BIGINT NOT NULL DEFAULT 0,
  discount_minor BIGINT NOT NULL DEFAULT 0,
  net_minor BIGINT NOT NULL DEFAULT 0,
  cost_minor BIGINT NOT NULL DEFAULT 0,
  cancelled_orders BIGINT NOT NULL DEFAULT 0,
  returns_count BIGINT NOT NULL DEFAULT 0,
  returned_units BIGINT NOT NULL DEFAULT 0,
  refund_minor BIGINT NOT NULL DEFAULT 0,
  refund_cost_minor BIGINT NOT NULL DEFAULT 0,
  new_customers BIGINT NOT NULL DEFAULT 0,
  leads_created BIGINT NOT NULL DEFAULT 0,
  leads_won BIGINT NOT NULL DEFAULT 0,
  leads_lost BIGINT NOT NULL DEFAULT 0,
  csat_responses BIGINT NOT NULL DEFAULT 0,
  csat_satisfied BIGINT NOT NULL DEFAULT 0,
  nps_responses BIGINT NOT NULL DEFAULT 0,
  nps_promoters BIGINT NOT NULL DEFAULT 0,
  nps_detractors BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (dim, member, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- An order as placed; counted = 0 once it is cancelled.
CREATE TABLE order_facts (
  order_name VARCHAR(64) NOT NULL PRIMARY KEY,
  customer VARCHAR(64) NOT NULL,
  channel VARCHAR(32) NOT NULL,
  region VARCHAR(64) NOT NULL,
  create_time DATETIME(6) NOT NULL,
  day DATE NOT NULL,
  counted TINYINT NOT NULL,
  imported TINYINT NOT NULL,
  units BIGINT NOT NULL,
  gross_minor BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL,
  cost_minor BIGINT NOT NULL,
  KEY ix_order_facts_customer (customer, counted, create_time),
  KEY ix_order_facts_day (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE order_line_facts (
  order_name VARCHAR(64) NOT NULL,
  line_id INT NOT NULL,
  product VARCHAR(64) NOT NULL,
  category VARCHAR(100) NOT NULL,
  quantity BIGINT NOT NULL,
  gross_minor BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL,
  cost_minor BIGINT NOT NULL,
  PRIMARY KEY (order_name, line_id),
  KEY ix_order_line_facts_product (product)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE order_credit_facts (
  order_name VARCHAR(64) NOT NULL,
  rep VARCHAR(64) NOT NULL,
  share_bp INT NOT NULL,
  PRIMARY KEY (order_name, rep)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE return_facts (
  return_name VARCHAR(64) NOT NULL PRIMARY KEY,
  order_name VARCHAR(64) NOT NULL,
  customer VARCHAR(64) NOT NULL,
  resolve_time DATETIME(6) NOT NULL,
  day DATE NOT NULL,
  units BIGINT NOT NULL,
  refund_minor BIGINT NOT NULL,
  cost_minor BIGINT NOT NULL,
  KEY ix_return_facts_order (order_name),
  KEY ix_return_facts_day (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE return_line_facts (
  return_name VARCHAR(64) NOT NULL,
  line_no INT NOT NULL,
  product VARCHAR(64) NOT NULL,
  category VARCHAR(100) NOT NULL,
  quantity BIGINT NOT NULL,
  net_minor BIGINT NOT NULL,
  cost_minor BIGINT NOT NULL,
  PRIMARY KEY (return_name, line_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Stock per product and warehouse as the last stock event left it.
CREATE TABLE stock_levels (
  product VARCHAR(64) NOT NULL,
  warehouse VARCHAR(64) NOT NULL,
  on_hand BIGINT NOT NULL,
  reserved BIGINT NOT NULL,
  PRIMARY KEY (product, warehouse)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Each customer's first counted order: where its "new customer" is counted.
CREATE TABLE customer_facts (
  customer VARCHAR(64) NOT NULL PRIMARY KEY,
  first_order VARCHAR(64) NOT NULL,
  first_time DATETIME(6) NOT NULL,
  day DATE NOT NULL,
  channel VARCHAR(32) NOT NULL,
  region VARCHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A lead's cohort (the day it was created), its rep and acquisition channel at creation,
-- and its outcome so far: 0 open, 1 won, 2 lost.
CREATE TABLE lead_facts (
  lead_name VARCHAR(64) NOT NULL PRIMARY KEY,
  create_time DATETIME(6) NOT NULL,
  day DATE NOT NULL,
  owner_rep VARCHAR(64) NOT NULL,
  channel VARCHAR(64) NOT NULL,
  outcome TINYINT NOT NULL,
  KEY ix_lead_facts_create_time (create_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Each stage a lead entered and when (its creation's stage first), for the funnel's time
-- in stage.
CREATE TABLE lead_stage_facts (
  lead_name VARCHAR(64) NOT NULL,
  entered_time DATETIME(6) NOT NULL,
  stage VARCHAR(32) NOT NULL,
  PRIMARY KEY (lead_name, entered_time, stage)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Survey answers seen, so that an answer is counted once.
CREATE TABLE survey_facts (
  survey_response VARCHAR(64) NOT NULL PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  score INT NOT NULL,
  day DATE NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Analytics' own inputs, by RPC (not derived from the feeds, so a rebuild keeps them):
-- marketing spend per channel, market size per region (minor units) and site visits per
-- channel, each spread over the days of the period it was given for.
CREATE TABLE input_days (
  kind VARCHAR(32) NOT NULL,
  input_key VARCHAR(64) NOT NULL,
  day DATE NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (kind, input_key, day),
  KEY ix_input_days_kind_day (kind, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
