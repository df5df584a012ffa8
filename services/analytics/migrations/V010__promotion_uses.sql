-- The promotions each order used, from the orders feed: OrderSnapshot.promotions of the
-- order as placed (one PromotionUse per promotion that took money off it, with the code
-- entered, '' for an automatic one, and the discount it took off the whole order). Written
-- when the order is first seen (OrderPlaced, or a cancellation whose placement was not
-- seen); a cancelled order keeps its rows and is left out through order_facts.counted.
-- Promotion lift reads it for the sales on the orders that used a promotion. The primary
-- key makes a repeated event change nothing. A rebuild fills its "_rebuild" twin like every
-- fact table (and so fills it for the history ingested before this table existed).
CREATE TABLE order_promotion_facts (
  order_name VARCHAR(64) NOT NULL,
  promotion VARCHAR(64) NOT NULL,
  code VARCHAR(64) NOT NULL,
  discount_minor BIGINT NOT NULL,
  PRIMARY KEY (order_name, promotion),
  KEY ix_order_promotion_facts_promotion (promotion, order_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
