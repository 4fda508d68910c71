--liquibase formatted sql

--changeset action-alerts:0015-token-expiry-and-use
-- A token may expire; when it was last used (to within a second) tells an admin which tokens are still needed.
ALTER TABLE api_tokens
    ADD COLUMN expires_at   TIMESTAMPTZ,
    ADD COLUMN last_used_at TIMESTAMPTZ;
