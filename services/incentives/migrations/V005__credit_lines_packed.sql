-- A credit's lines move into the credit's own row (credits.packed_lines): they are written once
-- with the credit, never change and are only ever read whole with it, so a row and three
-- index entries per line were pure cost, at ingest and in every statement read.
-- The format (src/store/packed_lines.h): one line per line, tab-separated fields
-- "product, category, revenue, margin, units", and a backslash escaping a backslash, a tab
-- or a newline in the two text fields. NULL: the credit has no recorded lines.
ALTER TABLE credits ADD COLUMN IF NOT EXISTS packed_lines MEDIUMBLOB NULL;

SET SESSION group_concat_max_len = 16777216;

UPDATE credits c
JOIN (
  SELECT credit_id,
         GROUP_CONCAT(
           CONCAT_WS(CHAR(9 USING utf8mb4),
             REPLACE(REPLACE(REPLACE(product, CHAR(92 USING utf8mb4),
               CONCAT(CHAR(92 USING utf8mb4), CHAR(92 USING utf8mb4))),
               CHAR(9 USING utf8mb4), CONCAT(CHAR(92 USING utf8mb4), 't')),
               CHAR(10 USING utf8mb4), CONCAT(CHAR(92 USING utf8mb4), 'n')),
             REPLACE(REPLACE(REPLACE(category, CHAR(92 USING utf8mb4),
               CONCAT(CHAR(92 USING utf8mb4), CHAR(92 USING utf8mb4))),
               CHAR(9 USING utf8mb4), CONCAT(CHAR(92 USING utf8mb4), 't')),
               CHAR(10 USING utf8mb4), CONCAT(CHAR(92 USING utf8mb4), 'n')),
             revenue, margin, units)
           ORDER BY line_no SEPARATOR '\n') AS packed
  FROM credit_lines
  GROUP BY credit_id
) l ON l.credit_id = c.id
SET c.packed_lines = l.packed;

DROP TABLE IF EXISTS credit_lines;
