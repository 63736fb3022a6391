-- access-review-core PostgreSQL store, schema version 1.
--
-- Every table of campaign data leads with campaign_id (its primary key starts
-- with it), so a platform can partition or distribute every table by
-- campaign_id (for example with Citus: create_distributed_table(..., 'campaign_id'))
-- without a schema change. See docs/postgres.md.
--
-- Applied by migrate() (access-review db migrate --url ...) in one transaction,
-- recorded in ar_schema_migrations. Never edit a shipped migration: add the next one.

-- One row per campaign: the lock every append takes (appends of one campaign
-- are serialised on it), the number of events of its log and its lifecycle
-- status (for the reviewer-tasks projection).
CREATE TABLE ar_campaigns (
  campaign_id text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'none',
  PRIMARY KEY (campaign_id)
);

-- The events: one row per event. log_index is its 0-based place in the
-- campaign's log (all streams); version its 0-based place in its stream.
-- The unique (campaign_id, stream, version) is the optimistic-concurrency
-- guard. Later migrations may add columns (for example a hash chain).
CREATE TABLE ar_events (
  campaign_id text NOT NULL,
  log_index integer NOT NULL,
  stream text NOT NULL,
  version integer NOT NULL,
  type text NOT NULL,
  event jsonb NOT NULL,
  PRIMARY KEY (campaign_id, log_index),
  CONSTRAINT ar_events_stream_version UNIQUE (campaign_id, stream, version)
);

-- Handled commands (idempotency): a repeated command id is answered from here.
CREATE TABLE ar_commands (
  campaign_id text NOT NULL,
  command_id text NOT NULL,
  fingerprint text NOT NULL,
  result jsonb NOT NULL,
  PRIMARY KEY (campaign_id, command_id)
);

-- The transactional outbox of notification intents; seq keeps the order
-- they were stored in; claimed_until (epoch milliseconds) is a sender's lease.
CREATE TABLE ar_outbox (
  campaign_id text NOT NULL,
  intent_id text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  intent jsonb NOT NULL,
  delivered boolean NOT NULL DEFAULT false,
  attempts integer NOT NULL DEFAULT 0,
  claimed_until bigint,
  PRIMARY KEY (campaign_id, intent_id)
);
CREATE INDEX ar_outbox_intent ON ar_outbox (intent_id);
CREATE INDEX ar_outbox_open ON ar_outbox (campaign_id, seq) WHERE NOT delivered;

-- The latest snapshot of each campaign: the state (JSON text) that is the
-- fold of the first `position` events.
CREATE TABLE ar_snapshots (
  campaign_id text NOT NULL,
  position integer NOT NULL,
  state text NOT NULL,
  PRIMARY KEY (campaign_id)
);

-- "My tasks": the items waiting for each reviewer, per packet, rewritten in
-- the transaction of every append that writes to the packet's stream.
CREATE TABLE ar_reviewer_tasks (
  campaign_id text NOT NULL,
  packet_id text NOT NULL,
  item_id text NOT NULL,
  reviewer text NOT NULL,
  PRIMARY KEY (campaign_id, packet_id, item_id, reviewer)
);
CREATE INDEX ar_reviewer_tasks_reviewer ON ar_reviewer_tasks (reviewer);
