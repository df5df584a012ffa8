-- Each customer's state (sales.customers.v1.CustomerState numbers: 1 active, 2 archived,
-- 3 erased) as the customers feed last reported it (CustomerCreated, CustomerArchived,
-- CustomerUnarchived, CustomerPersonalDataErased). CreateOrder decides from this row; only
-- a customer without one (not carried by the feed yet, or created before this table
-- existed) is checked with a call to the customers service.
CREATE TABLE IF NOT EXISTS customer_states (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  state TINYINT NOT NULL,
  changed_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
