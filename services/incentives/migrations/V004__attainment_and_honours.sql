-- Honours recorded at period close. honour_closes holds one row per closed (kind, period),
-- also when nobody won, so a second close finds it and changes nothing; honours are never
-- updated once inserted. kind 1 sales star of the month (rep_id set, team_id the rep's
-- team or NULL), 2 best team of the quarter (team_id set, rep_id NULL). figure: revenue in
-- minor units (star) or attainment in basis points (team).
CREATE TABLE IF NOT EXISTS honour_closes (
  kind TINYINT NOT NULL,
  period VARCHAR(7) NOT NULL,
  closed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (kind, period)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS honours (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind TINYINT NOT NULL,
  period VARCHAR(7) NOT NULL,
  rep_id VARCHAR(64) NULL,
  team_id BIGINT NULL,
  figure BIGINT NOT NULL,
  actual BIGINT NOT NULL,
  target_amount BIGINT NOT NULL,
  tied TINYINT NOT NULL,
  recorded_at DATETIME(6) NOT NULL,
  KEY ix_honours_period (period, id),
  KEY ix_honours_rep (rep_id, id),
  KEY ix_honours_team (team_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
