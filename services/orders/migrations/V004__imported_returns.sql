-- Historical returns come in with their orders through ImportOrders: flagged imported (like
-- orders.imported), with the return's id in the legacy system when it had one.
ALTER TABLE order_returns
  ADD COLUMN imported TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN external_ref VARCHAR(128) NULL;
