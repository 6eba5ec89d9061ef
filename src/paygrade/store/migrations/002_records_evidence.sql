-- Data truth: each record keeps the employer name as filed (so a company can list
-- the names merged into it) and its plausibility flags (empty: not flagged).
-- Stores made before this migration get NULLs until `paygrade rebuild`.

ALTER TABLE records ADD COLUMN company_raw VARCHAR;
ALTER TABLE records ADD COLUMN flags VARCHAR[];

-- The CPI reference year amount_usd_real was computed in, per ingested file, so
-- that an answer in real dollars can name its year (and a mix can be refused).
ALTER TABLE ingest_log ADD COLUMN reference_year INTEGER;
