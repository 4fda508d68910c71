--liquibase formatted sql

--changeset action-alerts:0022-sessions
-- People signed in to the web pages. Only a SHA-256 of the cookie's secret is kept (like api_tokens): a copy of
-- this table signs nobody in. The CSRF token is derived from the secret, so it needs no column. Times are the
-- application clock's, never now(): expiry is decided on that one clock.
CREATE TABLE sessions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    secret_hash   BYTEA NOT NULL UNIQUE,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

-- Failed sign-ins, for the lockout: per email and per client address (both as SHA-256 digests: the table says how
-- often, not who), within a sliding window on the application clock.
CREATE TABLE sign_in_failures (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('email', 'client')),
    digest  BYTEA NOT NULL,
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (kind, digest, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
