-- One row that LockPeriod and the writes checked against the locked months (targets)
-- serialise on: LockPeriod takes it exclusively before it reads anything, a target write
-- takes it shared before it reads the locked months. So a target write either commits
-- before a lock of its month reads the targets, or waits for that lock to commit and then
-- sees the month locked; it never changes a month locked with its old amount. (Sessions run
-- READ COMMITTED, with no gap locks: a row that always exists is what both can lock.)
CREATE TABLE IF NOT EXISTS period_guard (
  id TINYINT NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO period_guard (id) VALUES (1);
