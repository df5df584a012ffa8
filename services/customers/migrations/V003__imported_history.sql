-- History imported from a legacy system (ImportCustomerHistory): which records came in by
-- import with their original times, and the legacy ids that make a second import skip them.
-- A record created live has imported = 0 and no external reference (NULL: never a clash).
ALTER TABLE customers ADD COLUMN imported TINYINT NOT NULL DEFAULT 0;

ALTER TABLE leads ADD COLUMN imported TINYINT NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN ext_source VARCHAR(64) NULL;
ALTER TABLE leads ADD COLUMN ext_id VARCHAR(128) NULL;
CREATE UNIQUE INDEX uk_leads_external ON leads (ext_source, ext_id);

ALTER TABLE interactions ADD COLUMN imported TINYINT NOT NULL DEFAULT 0;
ALTER TABLE interactions ADD COLUMN ext_source VARCHAR(64) NULL;
ALTER TABLE interactions ADD COLUMN ext_id VARCHAR(128) NULL;
CREATE UNIQUE INDEX uk_interactions_external ON interactions (ext_source, ext_id);

ALTER TABLE survey_responses ADD COLUMN imported TINYINT NOT NULL DEFAULT 0;
ALTER TABLE survey_responses ADD COLUMN ext_source VARCHAR(64) NULL;
ALTER TABLE survey_responses ADD COLUMN ext_id VARCHAR(128) NULL;
CREATE UNIQUE INDEX uk_surveys_external ON survey_responses (ext_source, ext_id);
