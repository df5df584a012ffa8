-- Replenishment inputs a buyer records (planning data, not stock: the orders service owns
-- stock on hand), and the disposition of returns, so that replenishment demand nets only
-- the units that went back to stock.
--
-- Replenishment settings per product and warehouse (SetReplenishmentSettings), like an
-- ERP's reorder rule: warehouse '' means every warehouse of the product, and a row of the
-- warehouse itself wins over it. A NULL column was not recorded (the request's value or
-- the default applies). product_id is the id of product ("products/{id}"), the list
-- order. An input, not derived from the feeds: a rebuild keeps it.
CREATE TABLE replenishment_settings (
  product_id BIGINT NOT NULL,
  product VARCHAR(64) NOT NULL,
  warehouse VARCHAR(64) NOT NULL,
  lead_time_days INT NOT NULL,
  lead_time_sd_days DOUBLE NULL,
  service_level DOUBLE NULL,
  cover_days INT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (product_id, warehouse),
  KEY ix_replenishment_settings_product (product, warehouse)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Goods expected into a warehouse (an open purchase order line): units on the expected
-- day (a civil day of the business time zone), with the buyer's reference. state: 1 open,
-- 2 cancelled, 3 received (the goods were booked into stock in the orders service; the
-- receipt no longer counts). An input: a rebuild keeps it.
CREATE TABLE expected_receipts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  product VARCHAR(64) NOT NULL,
  warehouse VARCHAR(64) NOT NULL,
  units BIGINT NOT NULL,
  expected_day DATE NOT NULL,
  reference VARCHAR(100) NOT NULL,
  state TINYINT NOT NULL,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  KEY ix_expected_receipts_item (state, product, warehouse, expected_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Whether a resolved return's goods went back to stock (disposition RESTOCK, 1) or were
-- scrapped (0). Returns ingested before this column existed read 1 until a rebuild replays
-- them (StartRebuild).
ALTER TABLE return_facts ADD COLUMN restocked TINYINT NOT NULL DEFAULT 1;
