--liquibase formatted sql

--changeset action-alerts:0013-case-acknowledgements-are-case-content
-- Acknowledgements of help requests are case content, which staff never see: they get an outbox kind of their own
-- so the supporter's message history can leave them out.
UPDATE outbox SET kind = 'case-ack'
 WHERE kind = 'auto-reply' AND id IN (SELECT outbox_id FROM case_messages WHERE kind = 'acknowledgement');
