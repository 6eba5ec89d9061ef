-- A source whose files are snapshots (aijobs: each file the whole survey to date)
-- is counted one file at a time: a newer file replaces the records, raw rows, cells,
-- quarantine and exchange rates of the earlier, in its own transaction. The earlier
-- file's log line stays, as history: status 'replaced', and the ingest that
-- replaced it. Its bytes may be ingested again later (say, to go back to it), so
-- (source, sha256) is unique only among the files counted, which ingest checks.
DROP INDEX ingest_log_source_sha;
ALTER TABLE ingest_log ADD COLUMN replaced_by INTEGER;
