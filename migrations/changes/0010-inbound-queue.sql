--liquibase formatted sql

--changeset action-alerts:0010-inbound-queue
-- The webhook now only stores the text (durably, before Twilio gets its 200) and a background processor decides
-- what it means. A row waits with its sender's number and no kind until it is processed; the number is cleared
-- then (the supporter row holds it). attempts counts failed processing passes, so one bad row cannot block the rest.
ALTER TABLE inbound_messages ADD COLUMN from_phone TEXT;
ALTER TABLE inbound_messages ADD COLUMN processed_at TIMESTAMPTZ;
ALTER TABLE inbound_messages ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE inbound_messages ALTER COLUMN kind DROP NOT NULL;
UPDATE inbound_messages SET processed_at = received_at;
CREATE INDEX inbound_messages_pending ON inbound_messages (id) WHERE processed_at IS NULL;
