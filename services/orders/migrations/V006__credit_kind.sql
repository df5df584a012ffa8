-- The kind of an order's sales credit (the sales.orders.v1.SalesCreditKind numbers):
-- 1 revenue, a share of the order's revenue (an order's revenue shares sum to 10000 bp);
-- 2 overlay, on top of the revenue credit (a manager, a specialist). Credits stored before
-- the kind existed were all revenue credit, and read so. A rep holds one credit per order
-- (the primary key), so never both kinds.
ALTER TABLE order_credits ADD COLUMN kind TINYINT NOT NULL DEFAULT 1;
