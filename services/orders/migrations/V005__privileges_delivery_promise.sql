-- Member privileges (promotions for a tier and up, products reserved for tiers during a
-- window, the tiers of customers as the customers feed reports them) and delivery promises
-- (the option chosen, the promised local date and its time zone).

-- Only customers of this tier and up get the promotion; NULL: everyone.
ALTER TABLE promotions ADD COLUMN min_tier VARCHAR(40) NULL;

-- Priority purchase: from reserved_from (inclusive) to reserved_until (exclusive) only
-- customers of reserved_min_tier and up may order the product; NULL: not reserved.
ALTER TABLE products ADD COLUMN reserved_min_tier VARCHAR(40) NULL;
ALTER TABLE products ADD COLUMN reserved_from DATETIME(6) NULL;
ALTER TABLE products ADD COLUMN reserved_until DATETIME(6) NULL;

-- Each customer's membership tier as the customers feed last reported it (TierChanged);
-- a customer without a row holds the lowest tier.
CREATE TABLE IF NOT EXISTS customer_tiers (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  tier VARCHAR(40) NOT NULL,
  changed_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The delivery promise of an order (DeliveryOption numbers, 0: none) and the tier the
-- customer held, as orders knew it, when the order was taken.
ALTER TABLE orders ADD COLUMN delivery_option TINYINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN promised_date DATE NULL;
ALTER TABLE orders ADD COLUMN delivery_time_zone VARCHAR(64) NULL;
ALTER TABLE orders ADD COLUMN customer_tier VARCHAR(40) NULL;
