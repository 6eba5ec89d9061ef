-- Raw rows are written once per file and read rarely (rebuild, quarantine, checks):
-- zstd keeps their JSON about a third of the size DuckDB's default string
-- compression does, and costs less time at the checkpoint that ends an ingest
-- (benchmarks/ingest.py). The rows are copied unchanged.

CREATE TABLE raw_rows_zstd (
    ingest_id  INTEGER NOT NULL,
    source_row BIGINT NOT NULL,
    payload    JSON NOT NULL USING COMPRESSION zstd
);
INSERT INTO raw_rows_zstd SELECT ingest_id, source_row, payload FROM raw_rows;
DROP TABLE raw_rows;
ALTER TABLE raw_rows_zstd RENAME TO raw_rows;
