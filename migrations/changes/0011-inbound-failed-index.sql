--liquibase formatted sql

--changeset action-alerts:0011-inbound-failed-index
-- Texts the processor set aside after repeated failures, counted by the inbound.failed metric on every scrape.
CREATE INDEX inbound_messages_failed ON inbound_messages (id) WHERE kind = 'failed';
