--liquibase formatted sql

--changeset action-alerts:0009-outbox-without-foreign-keys splitStatements:false
-- A launch writes one outbox row per recipient, and a foreign key check locks the referenced supporter row
-- for each of them: measured at 15-24 s of a 1,000,000-recipient launch (docs/PERFORMANCE.md). The keys are
-- replaced by what they were for:
--   * erasure still removes a person's outbox rows, through a trigger on supporters;
--   * campaigns are never deleted, so campaign_id needs no check.
-- A launch racing an erasure can leave a row whose supporter is gone; the claim finds no recipient for it
-- and marks it suppressed, and such a row holds no personal data (campaign rows get their body at claim).
ALTER TABLE outbox DROP CONSTRAINT outbox_supporter_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_campaign_id_fkey;

CREATE FUNCTION erase_supporter_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM outbox WHERE supporter_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER supporters_erase_outbox AFTER DELETE ON supporters
    FOR EACH ROW EXECUTE FUNCTION erase_supporter_outbox();
