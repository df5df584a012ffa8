-- Stock movements say what happened (kind: StockMovementKind number), who did it (actor),
-- and which return or transfer they belong to, for ListStockMovements. Rows written before
-- this migration get their kind (and a transfer's other warehouse) from their reason text
-- and the actor "system".
ALTER TABLE stock_movements
  ADD COLUMN kind TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN actor VARCHAR(100) NOT NULL DEFAULT 'system',
  ADD COLUMN return_id BIGINT NULL,
  ADD COLUMN transfer_id BIGINT NULL,
  ADD COLUMN counterpart_warehouse VARCHAR(32) NULL,
  ADD KEY ix_movements_product_time (product_id, created_at, id);

UPDATE stock_movements SET
  kind = CASE
    WHEN reason LIKE 'receive%' THEN 1
    WHEN reason LIKE 'adjust%' THEN 2
    WHEN reason LIKE 'transfer to %' THEN 3
    WHEN reason LIKE 'transfer from %' THEN 4
    WHEN reason = 'reserve' THEN 5
    WHEN reason = 'release' THEN 6
    WHEN reason = 'ship' THEN 7
    WHEN reason = 'restock' THEN 8
    ELSE 0 END,
  counterpart_warehouse = CASE
    WHEN reason LIKE 'transfer to %' THEN SUBSTRING(reason, 13)
    WHEN reason LIKE 'transfer from %' THEN SUBSTRING(reason, 15)
    ELSE NULL END
WHERE kind = 0;

-- ListReturns: oldest first by (created_at, id), optionally of one order or in one status.
ALTER TABLE order_returns
  ADD KEY ix_returns_created (created_at, id),
  ADD KEY ix_returns_status_created (status, created_at, id);
