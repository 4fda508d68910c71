--liquibase formatted sql

--changeset action-alerts:0012-outbox-due-on-the-application-clock
-- A message's due time comes from the application clock, which the dispatcher compares it with; a default from
-- PostgreSQL's own clock would mix two clocks in one decision. An insert that forgets it now fails loudly.
ALTER TABLE outbox ALTER COLUMN not_before DROP DEFAULT;
