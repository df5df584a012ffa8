-- Diagnosis: stock history for inventory turnover and stock-out days, and an index for the
-- sales cycle.
--
-- Every stock change the orders feed's stock_changed events told: the on-hand units of a
-- product in a warehouse after the change, at the event's time, and the event's position in
-- the feed (the order the changes happened in, the same in a rebuild). Derived from the
-- feed: a rebuild fills its "_rebuild" twin like every fact table; the event id makes a
-- repeated event change nothing.
CREATE TABLE stock_movement_facts (
  event_id VARCHAR(64) NOT NULL PRIMARY KEY,
  feed_position BIGINT NOT NULL,
  product VARCHAR(64) NOT NULL,
  warehouse VARCHAR(64) NOT NULL,
  move_time DATETIME(6) NOT NULL,
  on_hand BIGINT NOT NULL,
  KEY ix_stock_movement_facts_item (product, warehouse, feed_position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The sales cycle finds the leads that entered the won stage in a period.
CREATE INDEX ix_lead_stage_facts_stage ON lead_stage_facts (stage, entered_time);
