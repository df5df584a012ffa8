-- Lookups by e-mail and phone (ListCustomers filters; external_ref has its unique key),
-- the expected close date of a lead, and the audit trail of personal-data erasures.
CREATE INDEX ix_customers_email ON customers (email);
CREATE INDEX ix_customers_phone ON customers (phone);
-- Erasure clears the leads converted into a customer, and their interaction notes.
CREATE INDEX ix_leads_customer ON leads (customer_id);

ALTER TABLE leads ADD COLUMN expected_close_date DATE NULL;

-- One row per erased customer (GDPR art. 17, PIPL art. 47): who asked, on which legal
-- basis, why, and when. Holds no personal data of the customer.
CREATE TABLE IF NOT EXISTS customer_erasures (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  requested_by VARCHAR(200) NOT NULL,
  legal_basis VARCHAR(200) NOT NULL,
  reason VARCHAR(500) NULL,
  erased_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
