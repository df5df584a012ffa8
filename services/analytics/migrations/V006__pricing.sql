-- Pricing and replenishment: the warehouse each order was taken from, so that demand can be
-- read per product and warehouse (replenishment). Prices and costs are already on the order
-- lines (order_line_facts: gross, discount and cost per line).
--
-- One row per order fact, written with it from the orders feed's OrderSnapshot.warehouse
-- ('' when the order named none). Derived from the feed: a rebuild fills its "_rebuild"
-- twin like every fact table. Orders ingested before this migration have no row until a
-- rebuild replays them.
CREATE TABLE order_warehouse_facts (
  order_name VARCHAR(64) NOT NULL PRIMARY KEY,
  warehouse VARCHAR(64) NOT NULL,
  KEY ix_order_warehouse_facts_warehouse (warehouse, order_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
