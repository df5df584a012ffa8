-- Promotions as the orders feed's promotion_changed events last described them (the whole
-- promotion: window and the products and categories it applies to), for promotion lift.
-- Derived from the feed: a rebuild fills their "_rebuild" twins like every fact table.
CREATE TABLE promotion_facts (
  promotion VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  kind VARCHAR(64) NOT NULL,
  code VARCHAR(32) NOT NULL,
  start_time DATETIME(6) NOT NULL,
  end_time DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- What a promotion applies to: scope 'product' (member "products/{id}") or 'category'
-- (member the category). No row of either: every product.
CREATE TABLE promotion_scope_facts (
  promotion VARCHAR(64) NOT NULL,
  scope VARCHAR(16) NOT NULL,
  member VARCHAR(100) NOT NULL,
  PRIMARY KEY (promotion, scope, member)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Lift finds the other products of a promoted product's category on the order lines.
CREATE INDEX ix_order_line_facts_category ON order_line_facts (category, product);
