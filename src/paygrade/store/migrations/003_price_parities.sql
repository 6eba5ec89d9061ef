-- BEA Regional Price Parities by metro area (table MARPP), long form: one row per
-- published value. A cell BEA shows as (NA) is not stored: no row means no value.

CREATE TABLE price_parities (
    ingest_id  INTEGER NOT NULL,
    source_row BIGINT NOT NULL,              -- the data row in the file (the header is row 0)
    cbsa       VARCHAR NOT NULL,             -- 5-digit CBSA code; 00000 the US, 00999 its nonmetro portion
    area_name  VARCHAR NOT NULL,             -- BEA's GeoName without "(Metropolitan Statistical Area)"
    footnoted  BOOLEAN NOT NULL,             -- BEA marks the name with "*", pointing to its footnotes
    line_code  INTEGER NOT NULL,             -- BEA's LineCode, 1-5
    component  VARCHAR NOT NULL,             -- all_items | goods | housing | utilities | other_services
    year       INTEGER NOT NULL,
    rpp        DOUBLE NOT NULL               -- price level, US = 100
);
