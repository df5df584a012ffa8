-- The incentives service schema: teams, reps, membership spans and targets. Days are DATE
-- (civil dates of the business time zone); times are DATETIME(6) UTC; amounts are BIGINT
-- (minor units of the deployment currency for money metrics, counts otherwise).
CREATE TABLE IF NOT EXISTS teams (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id BIGINT NULL,
  display_name VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  KEY ix_teams_parent (parent_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- rep_id is the id of "reps/{id}", as orders credits it; id orders the list.
CREATE TABLE IF NOT EXISTS reps (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  rep_id VARCHAR(64) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_reps_rep_id (rep_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A rep in a team from first_day up to end_day (exclusive); end_day NULL while open.
CREATE TABLE IF NOT EXISTS memberships (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  rep_id VARCHAR(64) NOT NULL,
  team_id BIGINT NOT NULL,
  first_day DATE NOT NULL,
  end_day DATE NULL,
  KEY ix_memberships_rep (rep_id, first_day),
  KEY ix_memberships_team (team_id, first_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- owner_kind 1 company (owner_key ''), 2 team (the team id), 3 rep (the rep id). period is
-- the label ("2026-10", "2026-Q4", "2026"); split_mode 0 while the target has no children.
CREATE TABLE IF NOT EXISTS targets (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  metric TINYINT NOT NULL,
  period VARCHAR(7) NOT NULL,
  owner_kind TINYINT NOT NULL,
  owner_key VARCHAR(64) NOT NULL,
  amount BIGINT NOT NULL,
  deadline DATETIME(6) NOT NULL,
  parent_id BIGINT NULL,
  split_mode TINYINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_targets_owner (metric, period, owner_kind, owner_key),
  KEY ix_targets_parent (parent_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
