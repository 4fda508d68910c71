--liquibase formatted sql

--changeset action-alerts:0007-assistance
-- Staff and attorneys as people: the queues they work, whether they are on call for urgent requests.
ALTER TABLE users
    ADD COLUMN queues         TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN on_call        BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN password_hash  TEXT,
    ADD COLUMN active         BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN updated_at     TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX users_on_call ON users USING GIN (queues) WHERE on_call AND active;

-- A request for legal help. Content (thread bodies, notes) can be erased by retention; the row, its counts and
-- its times stay for statistics.
CREATE TABLE cases (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference          TEXT NOT NULL UNIQUE,
    supporter_id       BIGINT REFERENCES supporters (id) ON DELETE CASCADE,
    source             TEXT NOT NULL CHECK (source IN ('sms', 'web', 'api')),
    status             TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'waiting', 'resolved')),
    priority           TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'normal')),
    -- Claim order: urgent (0) before normal (1), then oldest.
    priority_rank      SMALLINT GENERATED ALWAYS AS (CASE priority WHEN 'urgent' THEN 0 ELSE 1 END) STORED,
    queue              TEXT NOT NULL,
    topic              TEXT NOT NULL DEFAULT 'general',
    language           TEXT NOT NULL DEFAULT 'en',
    state              TEXT,
    assignee_user_id   BIGINT REFERENCES users (id),
    assignee_name      TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    due_at             TIMESTAMPTZ NOT NULL,      -- first response expected by (SLA of its priority)
    first_response_at  TIMESTAMPTZ,
    resolved_at        TIMESTAMPTZ,
    erased_at          TIMESTAMPTZ                -- retention erased its content
);
CREATE INDEX cases_claim ON cases (priority_rank, created_at, id) WHERE status = 'new';
CREATE INDEX cases_queue_status ON cases (queue, status, id);
CREATE INDEX cases_requester_open ON cases (supporter_id, id) WHERE status <> 'resolved';
CREATE INDEX cases_resolved ON cases (resolved_at) WHERE status = 'resolved' AND erased_at IS NULL;

-- The conversation with the requester. Outgoing rows point at their outbox row, whose status is the delivery status.
CREATE TABLE case_messages (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    channel       TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'web')),
    kind          TEXT NOT NULL DEFAULT 'message',   -- message, acknowledgement
    body          TEXT,
    outbox_id     BIGINT REFERENCES outbox (id) ON DELETE SET NULL,
    message_sid   TEXT,
    author_user_id BIGINT REFERENCES users (id),
    author_name   TEXT,
    at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_messages_case ON case_messages (case_id, id);

-- Internal notes between attorneys: never sent.
CREATE TABLE case_notes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id        BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    body           TEXT,
    author_user_id BIGINT REFERENCES users (id),
    author_name    TEXT,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, id);

-- Who read or changed which case or requester, and when. Append-only; no content, only what was done.
CREATE TABLE audit_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL,
    actor_token_id BIGINT,
    actor_user_id  BIGINT,
    actor_name     TEXT NOT NULL,
    action         TEXT NOT NULL,
    case_id        BIGINT,
    supporter_id   BIGINT,
    detail         TEXT
);
CREATE INDEX audit_log_case ON audit_log (case_id, id);

-- Request counts per client address and time window, shared by every instance. The address is kept as a digest.
CREATE TABLE request_windows (
    bucket        TEXT NOT NULL,
    client        BYTEA NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    hits          INT NOT NULL,
    PRIMARY KEY (bucket, client, window_start)
);
