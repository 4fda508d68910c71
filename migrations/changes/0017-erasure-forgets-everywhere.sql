--liquibase formatted sql

--changeset action-alerts:0017-erasure-forgets-everywhere splitStatements:false
-- Erasing a supporter (the API's DELETE, or retention forgetting someone who only asked for help) removes the
-- person from every table, however the row came to be deleted. Their own rows go by supporter_id (consent, lists,
-- cases with their threads and notes, received texts, by foreign key; the outbox by this trigger). Beyond those:
--   * outbox rows addressed to their number or address without being theirs (a test send to that number, an
--     alert to on-call staff, a reply on someone else's case that gave their contact) and the delivery receipts
--     of every outbox row that goes (a provider id leads back to the number at the provider);
--   * received texts from their number the processor never linked to anyone (waiting, or set aside as failed);
--   * the contact details other cases hold for them: the phone or email where it is theirs, and the name with it.
-- Audit rows are cleared by audit/ (AuditLog.forgetSupporter), in the same transaction as the delete.
CREATE OR REPLACE FUNCTION erase_supporter_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    full_name TEXT := NULLIF(trim(concat_ws(' ', OLD.first_name, OLD.last_name)), '');
BEGIN
    WITH gone AS (
        DELETE FROM outbox o
         WHERE o.supporter_id = OLD.id
            OR (o.supporter_id IS NULL AND lower(o.recipient) IN (lower(OLD.phone), lower(OLD.email)))
            OR o.id IN (SELECT cm.outbox_id FROM case_messages cm JOIN cases c ON c.id = cm.case_id
                         WHERE cm.outbox_id IS NOT NULL
                           AND (c.contact_phone = OLD.phone OR lower(c.contact_email) = lower(OLD.email)))
        RETURNING o.provider_id)
    DELETE FROM delivery_receipts r WHERE r.provider_id IN (SELECT provider_id FROM gone WHERE provider_id IS NOT NULL);

    IF OLD.phone IS NOT NULL THEN
        -- Only waiting and failed rows keep a number: processing clears it. Each side of the OR has its index.
        DELETE FROM inbound_messages
         WHERE (processed_at IS NULL AND from_phone = OLD.phone) OR (kind = 'failed' AND from_phone = OLD.phone);
    END IF;

    UPDATE cases c
       SET contact_phone = CASE WHEN c.contact_phone = OLD.phone THEN NULL ELSE c.contact_phone END,
           contact_email = CASE WHEN lower(c.contact_email) = lower(OLD.email) THEN NULL ELSE c.contact_email END,
           contact_name = CASE WHEN lower(c.contact_name) = lower(full_name) THEN NULL ELSE c.contact_name END
     WHERE c.contact_phone = OLD.phone OR lower(c.contact_email) = lower(OLD.email);
    RETURN OLD;
END;
$$;

-- Rows addressed to someone without a supporter_id are few (tests, staff alerts): a small index finds them.
CREATE INDEX outbox_recipient_unlinked ON outbox (lower(recipient)) WHERE supporter_id IS NULL;
