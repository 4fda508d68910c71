--liquibase formatted sql

--changeset action-alerts:0018-erasure-forgets-acknowledgement-times splitStatements:false
-- The digest of an erased person's number in sms_acknowledgements goes with them: a SHA-256 of a phone number can be
-- reversed by trying every number.
CREATE FUNCTION erase_supporter_acknowledgements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.phone IS NOT NULL THEN
        DELETE FROM sms_acknowledgements WHERE phone_digest = sha256(convert_to(OLD.phone, 'UTF8'));
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER supporters_erase_acknowledgements AFTER DELETE ON supporters
    FOR EACH ROW EXECUTE FUNCTION erase_supporter_acknowledgements();
