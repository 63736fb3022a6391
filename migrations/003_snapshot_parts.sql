-- access-review-core PostgreSQL store, schema version 3: snapshots in parts.
--
-- A snapshot was one JSON text, and a JavaScript string holds at most
-- 536,870,888 characters (Node 20): the state of a campaign above about
-- 310,000 items could not be written. The row of ar_snapshots now holds the
-- state without its packets and the number of parts; the packets are in
-- ar_snapshot_parts, a JSON array of at most a few tens of megabytes a row,
-- in scope order (docs/decisions.md, D27). A row written under schema
-- version 2 (its packets inline, parts = 0) is still read.
ALTER TABLE ar_snapshots ADD COLUMN parts integer NOT NULL DEFAULT 0;

CREATE TABLE ar_snapshot_parts (
  campaign_id text NOT NULL,
  position integer NOT NULL,
  part integer NOT NULL,
  packets text NOT NULL,
  PRIMARY KEY (campaign_id, part)
);
