--liquibase formatted sql

--changeset action-alerts:0025-pending-stops
-- The webhook marks a text that is an opt-out when it stores it, before the inbound processor acts on it, so
-- every instance's dispatcher can hold back an alert already scheduled for that number (a "last look"), and the
-- processor can act on opt-outs ahead of a backlog of replies. Adding a column with a constant default does not
-- rewrite the table.
ALTER TABLE inbound_messages ADD COLUMN opt_out BOOLEAN NOT NULL DEFAULT false;
-- Waiting texts by number: "has this number a waiting opt-out?" and "has it an older waiting text?".
CREATE INDEX inbound_messages_pending_by_phone ON inbound_messages (from_phone, id) WHERE processed_at IS NULL;
CREATE INDEX inbound_messages_pending_opt_out ON inbound_messages (id) WHERE processed_at IS NULL AND opt_out;
