--liquibase formatted sql

--changeset action-alerts:0008-outbox-lean-indexes
-- Launching a campaign writes one outbox row per recipient; every index on the outbox is written for each of
-- them. Two indexes only ever serve rows that have been sent, so they no longer hold queued rows:
--   * provider ids are unique, but a queued row has none (and NULLs never conflict anyway);
--   * reply attribution looks up campaign texts by sent_at, which a queued row does not have.
-- Measured (docs/PERFORMANCE.md): a launch to 1,000,000 people writes about a third less index data.
-- Runs after 0006, which created outbox_campaign_sms_sent.
DROP INDEX outbox_provider_id;
CREATE UNIQUE INDEX outbox_provider_id ON outbox (provider_id) WHERE provider_id IS NOT NULL;
DROP INDEX outbox_campaign_sms_sent;
CREATE INDEX outbox_campaign_sms_sent ON outbox (supporter_id, sent_at)
    WHERE kind = 'campaign' AND channel = 'sms' AND sent_at IS NOT NULL;
