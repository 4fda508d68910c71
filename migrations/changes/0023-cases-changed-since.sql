--liquibase formatted sql

--changeset action-alerts:0023-cases-changed-since
-- The queue page asks every few seconds which cases changed since it last looked.
CREATE INDEX cases_updated ON cases (updated_at);
