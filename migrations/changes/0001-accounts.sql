--liquibase formatted sql

--changeset action-alerts:0001-accounts
CREATE TABLE users (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'attorney')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Bearer tokens: only a SHA-256 of the token is kept; the token itself is shown once.
CREATE TABLE api_tokens (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'attorney')),
    token_hash  BYTEA NOT NULL UNIQUE,
    user_id     BIGINT REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);
