-- The orders service schema. Money is BIGINT minor units in the deployment currency;
-- quantities are BIGINT units; times are DATETIME(6) UTC.
CREATE TABLE IF NOT EXISTS products (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  sku VARCHAR(64) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  category VARCHAR(64) NOT NULL,
  unit VARCHAR(16) NOT NULL,
  list_price_minor BIGINT NOT NULL,
  unit_cost_minor BIGINT NOT NULL,
  active TINYINT NOT NULL DEFAULT 1,
  reorder_point BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE KEY uk_products_sku (sku),
  KEY ix_products_category (category, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS price_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  product_id BIGINT NOT NULL,
  list_price_minor BIGINT NOT NULL,
  unit_cost_minor BIGINT NOT NULL,
  effective_at DATETIME(6) NOT NULL,
  KEY ix_price_changes_product (product_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS stock_levels (
  product_id BIGINT NOT NULL,
  warehouse VARCHAR(32) NOT NULL,
  on_hand BIGINT NOT NULL DEFAULT 0,
  reserved BIGINT NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (product_id, warehouse),
  KEY ix_stock_warehouse (warehouse, product_id),
  CONSTRAINT ck_stock_available CHECK (on_hand >= reserved AND reserved >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS stock_movements (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  product_id BIGINT NOT NULL,
  warehouse VARCHAR(32) NOT NULL,
  on_hand_delta BIGINT NOT NULL,
  reserved_delta BIGINT NOT NULL,
  reason VARCHAR(200) NOT NULL,
  order_id BIGINT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_movements_product (product_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS promotions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(32) NULL,
  display_name VARCHAR(200) NOT NULL,
  kind TINYINT NOT NULL,
  percent_off_bp INT NOT NULL DEFAULT 0,
  amount_off_minor BIGINT NOT NULL DEFAULT 0,
  buy_quantity INT NOT NULL DEFAULT 0,
  free_quantity INT NOT NULL DEFAULT 0,
  threshold_minor BIGINT NOT NULL DEFAULT 0,
  automatic TINYINT NOT NULL DEFAULT 0,
  starts_at DATETIME(6) NOT NULL,
  ends_at DATETIME(6) NOT NULL,
  exclusive TINYINT NOT NULL DEFAULT 0,
  usage_limit_total BIGINT NOT NULL DEFAULT 0,
  usage_limit_per_customer BIGINT NOT NULL DEFAULT 0,
  used_count BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_promotions_code (code),
  KEY ix_promotions_window (automatic, starts_at, ends_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Eligibility of a promotion: a product id or a category (one of the two per row).
CREATE TABLE IF NOT EXISTS promotion_targets (
  promotion_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL DEFAULT 0,
  category VARCHAR(64) NOT NULL DEFAULT '',
  PRIMARY KEY (promotion_id, product_id, category)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS promotion_uses (
  promotion_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL,
  PRIMARY KEY (promotion_id, order_id),
  KEY ix_promotion_uses_customer (promotion_id, customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS orders (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  channel TINYINT NOT NULL,
  region VARCHAR(32) NOT NULL,
  warehouse VARCHAR(32) NOT NULL,
  status TINYINT NOT NULL,
  requires_approval TINYINT NOT NULL DEFAULT 0,
  approver VARCHAR(100) NULL,
  subtotal_minor BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL,
  tax_minor BIGINT NOT NULL,
  total_minor BIGINT NOT NULL,
  cost_minor BIGINT NOT NULL,
  external_ref VARCHAR(128) NULL,
  replaces_return_id BIGINT NULL,
  imported TINYINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE KEY uk_orders_external (external_ref),
  KEY ix_orders_customer (customer_id, id),
  KEY ix_orders_created (created_at, id),
  KEY ix_orders_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_lines (
  order_id BIGINT NOT NULL,
  line_id INT NOT NULL,
  product_id BIGINT NOT NULL,
  sku VARCHAR(64) NOT NULL,
  category VARCHAR(64) NOT NULL,
  quantity BIGINT NOT NULL,
  unit_price_minor BIGINT NOT NULL,
  unit_cost_minor BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL,
  tax_minor BIGINT NOT NULL,
  shipped_quantity BIGINT NOT NULL DEFAULT 0,
  returned_quantity BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, line_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_line_discounts (
  order_id BIGINT NOT NULL,
  line_id INT NOT NULL,
  promotion_id BIGINT NOT NULL,
  amount_minor BIGINT NOT NULL,
  PRIMARY KEY (order_id, line_id, promotion_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS order_credits (
  order_id BIGINT NOT NULL,
  rep VARCHAR(80) NOT NULL,
  revenue_share_bp INT NOT NULL,
  PRIMARY KEY (order_id, rep),
  KEY ix_order_credits_rep (rep, order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS order_status_history (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT NOT NULL,
  from_status TINYINT NOT NULL,
  to_status TINYINT NOT NULL,
  actor VARCHAR(100) NOT NULL,
  reason VARCHAR(500) NULL,
  changed_at DATETIME(6) NOT NULL,
  KEY ix_status_history_order (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS shipments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT NOT NULL,
  carrier VARCHAR(64) NOT NULL,
  tracking_number VARCHAR(64) NOT NULL,
  shipped_at DATETIME(6) NOT NULL,
  delivered_at DATETIME(6) NULL,
  KEY ix_shipments_order (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS shipment_lines (
  shipment_id BIGINT NOT NULL,
  line_id INT NOT NULL,
  quantity BIGINT NOT NULL,
  PRIMARY KEY (shipment_id, line_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS order_returns (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT NOT NULL,
  reason VARCHAR(500) NOT NULL,
  exchange TINYINT NOT NULL DEFAULT 0,
  status TINYINT NOT NULL,
  disposition TINYINT NOT NULL DEFAULT 0,
  refund_total_minor BIGINT NOT NULL DEFAULT 0,
  replacement_order_id BIGINT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  KEY ix_returns_order (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_return_lines (
  return_id BIGINT NOT NULL,
  line_id INT NOT NULL,
  quantity BIGINT NOT NULL,
  refund_minor BIGINT NOT NULL,
  PRIMARY KEY (return_id, line_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
