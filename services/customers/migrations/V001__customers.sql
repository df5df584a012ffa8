-- The customers service schema. Money is BIGINT minor units; times are DATETIME(6) UTC.
CREATE TABLE IF NOT EXISTS customers (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind TINYINT NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  email VARCHAR(254) NULL,
  phone VARCHAR(16) NULL,
  owner_rep VARCHAR(80) NULL,
  acquisition_channel TINYINT NOT NULL DEFAULT 0,
  ext_source VARCHAR(64) NULL,
  ext_id VARCHAR(128) NULL,
  state TINYINT NOT NULL,
  tier VARCHAR(40) NOT NULL,
  converted_from_lead BIGINT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  archived_at DATETIME(6) NULL,
  last_purchase_at DATETIME(6) NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE KEY uk_customers_external (ext_source, ext_id),
  KEY ix_customers_created (created_at),
  KEY ix_customers_owner (owner_rep),
  KEY ix_customers_tier (tier)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS customer_tags (
  customer_id BIGINT NOT NULL,
  tag VARCHAR(40) NOT NULL,
  PRIMARY KEY (customer_id, tag),
  KEY ix_customer_tags_tag (tag, customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS contacts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  title VARCHAR(100) NULL,
  email VARCHAR(254) NULL,
  phone VARCHAR(16) NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_contacts_customer (customer_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS leads (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  company_name VARCHAR(200) NULL,
  contact_email VARCHAR(254) NULL,
  contact_phone VARCHAR(16) NULL,
  stage TINYINT NOT NULL,
  expected_amount_minor BIGINT NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL,
  owner_rep VARCHAR(80) NULL,
  acquisition_channel TINYINT NOT NULL DEFAULT 0,
  lost_reason VARCHAR(500) NULL,
  customer_id BIGINT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  KEY ix_leads_stage (stage, id),
  KEY ix_leads_owner (owner_rep, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS lead_stage_history (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  lead_id BIGINT NOT NULL,
  from_stage TINYINT NOT NULL,
  to_stage TINYINT NOT NULL,
  lost_reason VARCHAR(500) NULL,
  changed_at DATETIME(6) NOT NULL,
  KEY ix_stage_history_lead (lead_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS interactions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  subject_kind TINYINT NOT NULL,
  subject_id BIGINT NOT NULL,
  kind TINYINT NOT NULL,
  rep VARCHAR(80) NULL,
  occurred_at DATETIME(6) NOT NULL,
  notes TEXT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_interactions_subject (subject_kind, subject_id, occurred_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS survey_responses (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  kind TINYINT NOT NULL,
  score INT NOT NULL,
  order_name VARCHAR(80) NULL,
  comment_text TEXT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_surveys_customer (customer_id, id),
  KEY ix_surveys_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS loyalty_accounts (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  points_balance BIGINT NOT NULL DEFAULT 0,
  lifetime_points_earned BIGINT NOT NULL DEFAULT 0,
  lifetime_spend_minor BIGINT NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL,
  CONSTRAINT ck_loyalty_balance CHECK (points_balance >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS point_entries (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  kind TINYINT NOT NULL,
  points_delta BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  reason VARCHAR(200) NULL,
  order_name VARCHAR(80) NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_point_entries_customer (customer_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
