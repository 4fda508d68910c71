--liquibase formatted sql

--changeset action-alerts:0016-public-form-limits
-- When each number last got an automatic acknowledgement by SMS: at most one an hour, for all instances together,
-- so the public form cannot be used to text someone over and over through our number. The number is kept as a
-- SHA-256 digest; times are the application clock's.
CREATE TABLE sms_acknowledgements (
    phone_digest  BYTEA PRIMARY KEY,
    sent_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX sms_acknowledgements_sent ON sms_acknowledgements (sent_at);

-- Pages to on-call attorneys, grouped per queue: when the queue last paged, and the urgent cases that arrived since
-- (still to be told in one page at the end of the window). The row is the lock instances share.
CREATE TABLE urgent_pages (
    queue     TEXT PRIMARY KEY,
    paged_at  TIMESTAMPTZ NOT NULL,
    pending   INT NOT NULL DEFAULT 0
);
CREATE INDEX urgent_pages_pending ON urgent_pages (paged_at) WHERE pending > 0;
