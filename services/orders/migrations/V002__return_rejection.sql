-- A return can be rejected (RejectReturn): status RETURN_STATUS_REJECTED (4) with its reason.
ALTER TABLE order_returns ADD COLUMN rejection_reason VARCHAR(500) NULL;
