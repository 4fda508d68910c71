--liquibase formatted sql

--changeset action-alerts:0004-campaigns-outbox
CREATE TABLE campaigns (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           TEXT NOT NULL,
    action_url     TEXT,
    channels       TEXT[] NOT NULL,
    audience       JSONB NOT NULL DEFAULT '{}',
    templates      JSONB NOT NULL,           -- {"sms": {"body": {"en": ...}}, "email": {"subject": ..., "text": ..., "html": ...}}
    send_at        TIMESTAMPTZ,
    urgent         BOOLEAN NOT NULL DEFAULT false,
    status         TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled')),
    status_reason  TEXT,                     -- why it was paused (e.g. Twilio said our credentials are wrong)
    created_by     TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    launched_at    TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX campaigns_due ON campaigns (send_at) WHERE status = 'scheduled';
CREATE INDEX campaigns_sending ON campaigns (id) WHERE status = 'sending';

-- Every outgoing message, whatever produced it. Campaign rows are written at launch without a body (rendered
-- at claim time, in the recipient's language); other rows carry their body and recipient from the start.
CREATE TABLE outbox (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           TEXT NOT NULL,            -- campaign, test, auto-reply, case-reply, notification
    campaign_id    BIGINT REFERENCES campaigns (id),
    supporter_id   BIGINT REFERENCES supporters (id) ON DELETE CASCADE,
    channel        TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    needs_consent  BOOLEAN NOT NULL,         -- alerts need a subscribed recipient; a STOP confirmation does not
    urgent         BOOLEAN NOT NULL DEFAULT false,
    -- Claim order: 0 conversations (replies, confirmations, tests), 1 urgent alerts, 2 other alerts. A STOP
    -- confirmation never waits behind a 100,000-person campaign.
    priority       SMALLINT NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'suppressed', 'cancelled')),
    recipient      TEXT,
    subject        TEXT,
    body           TEXT,
    html           TEXT,
    not_before     TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts       INT NOT NULL DEFAULT 0,
    claimed_at     TIMESTAMPTZ,
    lease_until    TIMESTAMPTZ,
    provider_id    TEXT,
    error_code     TEXT,
    error_message  TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at        TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, supporter_id, channel)
);
CREATE INDEX outbox_due ON outbox (channel, priority, not_before, id) WHERE status = 'queued';
CREATE INDEX outbox_leased ON outbox (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_campaign_status ON outbox (campaign_id, status);
CREATE INDEX outbox_supporter ON outbox (supporter_id, id);
CREATE UNIQUE INDEX outbox_provider_id ON outbox (provider_id);

-- Global send-rate limits shared by every instance: each permit is a time slot, handed out in order.
CREATE TABLE rate_limits (
    channel    TEXT PRIMARY KEY,
    next_slot  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO rate_limits (channel) VALUES ('sms'), ('email');

-- Status callbacks seen, so Twilio's retries take effect once.
CREATE TABLE delivery_receipts (
    provider_id  TEXT NOT NULL,
    status       TEXT NOT NULL,
    error_code   TEXT,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider_id, status)
);

-- One unguessable unsubscribe token per supporter and address: a new email address gets a new token.
ALTER TABLE supporters ADD COLUMN email_unsubscribe_token UUID NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX supporters_unsubscribe_token ON supporters (email_unsubscribe_token);
