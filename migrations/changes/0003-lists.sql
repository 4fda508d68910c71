--liquibase formatted sql

--changeset action-alerts:0003-lists
CREATE TABLE lists (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE list_members (
    list_id       BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    supporter_id  BIGINT NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    added_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (list_id, supporter_id)
);
CREATE INDEX list_members_supporter ON list_members (supporter_id);
