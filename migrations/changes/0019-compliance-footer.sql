--liquibase formatted sql

--changeset action-alerts:0019-compliance-footer
-- An admin may turn the organisation name and opt-out instructions off for one campaign's texts.
ALTER TABLE campaigns ADD COLUMN compliance_footer BOOLEAN NOT NULL DEFAULT true;
-- Whether the text as claimed told its recipient how to opt out: the claim adds the instructions again only when
-- the recipient's latest such text is older than the renewal period (claimed_at is on the application clock).
ALTER TABLE outbox ADD COLUMN with_instructions BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX outbox_supporter_instructions ON outbox (supporter_id, claimed_at)
    WHERE with_instructions AND channel = 'sms';
