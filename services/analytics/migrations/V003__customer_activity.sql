-- Customer activity and tier history, answered from the facts at query time.
--
-- Each customer's membership tiers over time, from the customers feed's TierChanged events:
-- one row per span [valid_from, valid_to) in which the customer held `tier`. A customer's
-- first change also records the span before it, from 1000-01-01, in its from_tier; the span
-- still open ends at 9999-12-31. An order belongs to the tier whose span holds its create
-- time.
CREATE TABLE customer_tier_spans (
  customer VARCHAR(64) NOT NULL,
  valid_from DATETIME(6) NOT NULL,
  valid_to DATETIME(6) NOT NULL,
  tier VARCHAR(40) NOT NULL,
  PRIMARY KEY (customer, valid_from),
  KEY ix_customer_tier_spans_tier (tier, customer)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The active / returning / lapsed / repeat counts group the counted orders of a period (and
-- the one before) by customer: this index covers that range scan, with the create time the
-- tier slice compares with the tier spans and the order name (the primary key) the product,
-- category and rep slices look up, so no row is read however long the history grows.
CREATE INDEX ix_order_facts_day_customer
  ON order_facts (day, counted, customer, create_time, channel, region);

-- The tier every customer starts in is the from_tier of the earliest first change: the
-- spans opening at 1000-01-01, found by this index without a scan.
CREATE INDEX ix_customer_tier_spans_from ON customer_tier_spans (valid_from, valid_to);

-- New customers of a tier or RFM segment slice: the first orders of a period's days.
CREATE INDEX ix_customer_facts_day ON customer_facts (day);
