--liquibase formatted sql

--changeset action-alerts:0006-inbound
-- Every text a supporter sent us, once per Twilio MessageSid (Twilio retries webhooks), with what we made of it.
CREATE TABLE inbound_messages (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_sid    TEXT NOT NULL UNIQUE,
    supporter_id   BIGINT REFERENCES supporters (id) ON DELETE CASCADE,
    channel        TEXT NOT NULL DEFAULT 'sms',
    body           TEXT,
    kind           TEXT NOT NULL,   -- opt-out, opt-in, help, reply, assistance
    campaign_id    BIGINT REFERENCES campaigns (id),
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX inbound_messages_supporter ON inbound_messages (supporter_id, id);
CREATE INDEX inbound_messages_campaign ON inbound_messages (campaign_id, id) WHERE campaign_id IS NOT NULL;
-- Reply attribution looks up the latest campaign text sent to a person.
CREATE INDEX outbox_campaign_sms_sent ON outbox (supporter_id, sent_at) WHERE kind = 'campaign' AND channel = 'sms';
