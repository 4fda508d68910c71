--liquibase formatted sql

--changeset action-alerts:0014-case-contact-as-given
-- Where a case's requester wrote from, kept on the case as given: replies go there, and a form that names
-- someone else's number or address no longer changes that person's record. Existing cases take their
-- requester's current details.
ALTER TABLE cases
    ADD COLUMN contact_name  TEXT,
    ADD COLUMN contact_phone TEXT,
    ADD COLUMN contact_email TEXT;
UPDATE cases c
   SET contact_name = NULLIF(trim(concat_ws(' ', s.first_name, s.last_name)), ''),
       contact_phone = s.phone, contact_email = s.email
  FROM supporters s
 WHERE s.id = c.supporter_id AND c.erased_at IS NULL;
