--liquibase formatted sql

--changeset action-alerts:0020-timed-work
-- Timed work (the campaign scheduler, retention, urgent-page summaries) runs once for the whole deployment, however
-- many instances share this database: an instance runs a job only when its row says it is due, and holds the row
-- (and a transaction-scoped advisory lock on the job's name) while it runs. Times are PostgreSQL's, one clock for
-- every instance. runs counts the runs since the table was made, for operators.
CREATE TABLE timed_work (
    job          TEXT PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    runs         BIGINT NOT NULL DEFAULT 0
);
