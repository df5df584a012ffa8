-- Ingest and quarter/year KPI speed (issue 9).
--
-- The monthly rollup: one row per slice member and calendar month (month is the month's
-- first day, in the business time zone like kpi_days' day), each measure the sum of the
-- kpi_days rows of that month. Ingest adds every delta to both in the same transaction
-- (RollupStore::Add), so a quarter reads 3 month rows of a member and a year 12, plus the
-- days before the first and after the last whole month, instead of up to 366 day rows.
-- Derived from the feeds: a rebuild fills its "_rebuild" twin like kpi_days.
CREATE TABLE kpi_months (
  dim VARCHAR(16) NOT NULL,
  member VARCHAR(100) NOT NULL,
  month DATE NOT NULL,
  orders BIGINT NOT NULL DEFAULT 0,
  units BIGINT NOT NULL DEFAULT 0,
  gross_minor BIGINT NOT NULL DEFAULT 0,
  discount_minor BIGINT NOT NULL DEFAULT 0,
  net_minor BIGINT NOT NULL DEFAULT 0,
  cost_minor BIGINT NOT NULL DEFAULT 0,
  cancelled_orders BIGINT NOT NULL DEFAULT 0,
  returns_count BIGINT NOT NULL DEFAULT 0,
  returned_units BIGINT NOT NULL DEFAULT 0,
  refund_minor BIGINT NOT NULL DEFAULT 0,
  refund_cost_minor BIGINT NOT NULL DEFAULT 0,
  new_customers BIGINT NOT NULL DEFAULT 0,
  leads_created BIGINT NOT NULL DEFAULT 0,
  leads_won BIGINT NOT NULL DEFAULT 0,
  leads_lost BIGINT NOT NULL DEFAULT 0,
  csat_responses BIGINT NOT NULL DEFAULT 0,
  csat_satisfied BIGINT NOT NULL DEFAULT 0,
  nps_responses BIGINT NOT NULL DEFAULT 0,
  nps_promoters BIGINT NOT NULL DEFAULT 0,
  nps_detractors BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (dim, member, month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The months of the day rows ingested before this migration.
INSERT INTO kpi_months (dim, member, month, orders, units, gross_minor, discount_minor,
    net_minor, cost_minor, cancelled_orders, returns_count, returned_units, refund_minor,
    refund_cost_minor, new_customers, leads_created, leads_won, leads_lost, csat_responses,
    csat_satisfied, nps_responses, nps_promoters, nps_detractors)
  SELECT dim, member, DATE_SUB(day, INTERVAL DAYOFMONTH(day) - 1 DAY), SUM(orders), SUM(units),
    SUM(gross_minor), SUM(discount_minor), SUM(net_minor), SUM(cost_minor),
    SUM(cancelled_orders), SUM(returns_count), SUM(returned_units), SUM(refund_minor),
    SUM(refund_cost_minor), SUM(new_customers), SUM(leads_created), SUM(leads_won),
    SUM(leads_lost), SUM(csat_responses), SUM(csat_satisfied), SUM(nps_responses),
    SUM(nps_promoters), SUM(nps_detractors)
  FROM kpi_days
  GROUP BY dim, member, DATE_SUB(day, INTERVAL DAYOFMONTH(day) - 1 DAY);
