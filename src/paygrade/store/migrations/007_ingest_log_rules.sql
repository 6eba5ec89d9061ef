-- The rule tables a record file was normalized with (a fingerprint of
-- normalize/rules/*.csv, set at ingest and by rebuild): the data version a model
-- is trained on includes it, so that a model from before a rebuild under changed
-- rules says it was trained on other data. Files loaded before this migration
-- have none (their data version is unchanged).
ALTER TABLE ingest_log ADD COLUMN rules VARCHAR;
