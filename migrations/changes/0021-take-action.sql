--liquibase formatted sql

--changeset action-alerts:0021-take-action splitStatements:false
-- "trackLinks": false keeps a campaign's raw action URL in its texts.
ALTER TABLE campaigns ADD COLUMN track_links BOOLEAN NOT NULL DEFAULT true;

-- One short link per recipient, campaign and channel, made at claim time with the body (a launch stays one
-- set-based insert). supporter_id NULL: a test send's link, which redirects and counts nothing. Clicks are kept
-- as the first click's time (application clock) and a count: never an address or a user agent.
-- No foreign keys (a claim would lock each supporter row, as the outbox once did): campaigns are never deleted,
-- and erasure removes a person's links through the trigger below.
CREATE TABLE action_links (
    code              TEXT PRIMARY KEY,
    campaign_id       BIGINT NOT NULL,
    supporter_id      BIGINT,
    channel           TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    created_at        TIMESTAMPTZ NOT NULL,
    first_clicked_at  TIMESTAMPTZ,
    clicks            INT NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, supporter_id, channel)
);
CREATE INDEX action_links_supporter ON action_links (supporter_id);

CREATE FUNCTION erase_supporter_action_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM action_links WHERE supporter_id = OLD.id;
    RETURN OLD;
END;
$$;
CREATE TRIGGER supporters_erase_action_links AFTER DELETE ON supporters
    FOR EACH ROW EXECUTE FUNCTION erase_supporter_action_links();

-- Actions are facts, like consent: what a person did for a campaign and how we know (a reply, staff, an import).
-- One per supporter, campaign and type. at is on the application clock.
CREATE TABLE actions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id   BIGINT NOT NULL REFERENCES campaigns (id),
    supporter_id  BIGINT NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    type          TEXT NOT NULL CHECK (type IN ('call', 'attended', 'signed', 'other', 'reply')),
    source        TEXT NOT NULL CHECK (source IN ('reply', 'staff', 'import')),
    note          TEXT,
    recorded_by   TEXT,
    inbound_id    BIGINT,
    at            TIMESTAMPTZ NOT NULL,
    UNIQUE (campaign_id, supporter_id, type)
);
CREATE INDEX actions_supporter ON actions (supporter_id, at);

-- The deliverability guard reads a campaign's latest outcomes.
CREATE INDEX outbox_campaign_outcomes ON outbox (campaign_id, channel, id)
    WHERE kind = 'campaign' AND status IN ('sent', 'delivered', 'failed');
-- Opt-outs are now attributed to the campaign they answer, like replies (the report counts them).
CREATE INDEX inbound_messages_campaign_kind ON inbound_messages (campaign_id, kind, supporter_id)
    WHERE campaign_id IS NOT NULL;
