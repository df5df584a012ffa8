-- Advice: managers' adjustments of the statistical forecast (forecast value added).
--
-- One row per adjustment recorded (RecordForecastAdjustment): the forecast it adjusts
-- (measure 'revenue' or 'units', granularity 'day', 'iso_week' or 'month', the slice as
-- kpi_days names it: dim and member, and the period's first day in the business time
-- zone), the statistical value the service forecast for that period when it was recorded
-- (with the ETS form and the last day of its history), the adjusted value (minor units of
-- revenue, or units), who and why. The latest row of a period counts; earlier ones are
-- kept. An input, not derived from the feeds: a rebuild keeps it.
CREATE TABLE forecast_adjustments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  measure VARCHAR(16) NOT NULL,
  granularity VARCHAR(16) NOT NULL,
  dim VARCHAR(16) NOT NULL,
  member VARCHAR(100) NOT NULL,
  period_first_day DATE NOT NULL,
  statistical_value DOUBLE NOT NULL,
  statistical_model VARCHAR(16) NOT NULL,
  history_last_day DATE NOT NULL,
  adjusted_value BIGINT NOT NULL,
  author VARCHAR(100) NOT NULL,
  reason VARCHAR(1000) NOT NULL,
  create_time DATETIME(6) NOT NULL,
  KEY ix_forecast_adjustments_period (measure, granularity, dim, member, period_first_day, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
