-- The company's own level a record's title names ("Applied Scientist II" at Amazon: L5),
-- resolved at ingest through the reviewed mapping (normalize/rules/company_levels.csv).
-- It is on the ladder of the record's own company; NULL when that company has no
-- reviewed ladder or the title names none of its levels.
-- Stores made before this migration get NULLs until `paygrade rebuild`.

ALTER TABLE records ADD COLUMN company_level VARCHAR;
