--liquibase formatted sql

--changeset action-alerts:0002-supporters
CREATE TABLE supporters (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_name    TEXT,
    last_name     TEXT,
    phone         TEXT UNIQUE,            -- E.164
    email         TEXT,
    language      TEXT NOT NULL DEFAULT 'en',
    state         TEXT,
    county        TEXT,
    postal_code   TEXT,
    tags          TEXT[] NOT NULL DEFAULT '{}',
    -- Current consent per channel. Written only together with a consent_events row (ConsentDao), in the same
    -- transaction: the history is the record, these columns let audience queries over a million rows stay cheap.
    sms_status    TEXT NOT NULL DEFAULT 'none' CHECK (sms_status IN ('subscribed', 'unsubscribed', 'none')),
    email_status  TEXT NOT NULL DEFAULT 'none' CHECK (email_status IN ('subscribed', 'unsubscribed', 'none')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX supporters_email_key ON supporters (lower(email));
CREATE INDEX supporters_state_county ON supporters (state, county);
CREATE INDEX supporters_tags ON supporters USING GIN (tags);

-- Append-only: every change of consent, with where it came from and the evidence.
CREATE TABLE consent_events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    supporter_id  BIGINT NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    channel       TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    status        TEXT NOT NULL CHECK (status IN ('subscribed', 'unsubscribed', 'none')),
    source        TEXT NOT NULL,
    evidence      TEXT,
    at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX consent_events_supporter ON consent_events (supporter_id, id);

-- Numbers and addresses that unsubscribed and were then erased: kept only as a SHA-256 digest, so the
-- person's data is gone but they are never contacted again unless they themselves opt in.
CREATE TABLE suppressions (
    channel       TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    digest        BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, digest)
);
