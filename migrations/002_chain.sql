-- access-review-core PostgreSQL store, schema version 2: the hash chain.
--
-- Each event row carries the hash of the previous event of its stream (prev)
-- and its own hash: SHA-256 over the RFC 8785 canonical JSON of
-- { event, position, prev, stream, version }, made by chainEvents() in the
-- append's transaction (docs/decisions.md, D14, and docs/evidence.md). The
-- columns are nullable only because rows written under schema version 1 have
-- no chain: loadChain refuses such a log rather than inventing links for it.
ALTER TABLE ar_events ADD COLUMN prev text, ADD COLUMN hash text;
