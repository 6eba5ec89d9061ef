-- Scale out: the records counted per distinct row of what statistics read (every
-- groupable field, both pay values, flagged, first copy), per ingested file. Pay
-- repeats heavily (round figures, copies of rows), so this table is a fraction of
-- records and stats answers from it exactly (paygrade/store/cells.py keeps it:
-- written with each file's records, dropped with them).

CREATE TABLE record_cells (
    ingest_id BIGINT NOT NULL,
    source VARCHAR,
    "year" INTEGER,
    role VARCHAR,
    "level" VARCHAR,
    years_experience DOUBLE,
    title VARCHAR,
    company VARCHAR,
    company_level VARCHAR,
    metro VARCHAR,
    city VARCHAR,
    state VARCHAR,
    country VARCHAR,
    company_size VARCHAR,
    industry VARCHAR,
    education VARCHAR,
    specialization VARCHAR,
    remote INTEGER,
    employment_type VARCHAR,
    pay_component VARCHAR,
    currency VARCHAR,
    amount_usd DOUBLE,
    amount_usd_real DOUBLE,
    flagged BOOLEAN NOT NULL,
    "first" BOOLEAN NOT NULL,
    n BIGINT NOT NULL
);

INSERT INTO record_cells
SELECT ingest_id, source, "year", role, "level", years_experience, title, company,
    company_level, metro, city, state, country, company_size, industry, education,
    specialization, remote, employment_type, pay_component, currency, amount_usd,
    amount_usd_real, coalesce(len(flags), 0) > 0, coalesce(dup_rank, 1) = 1, count(*)
FROM records GROUP BY ALL;
