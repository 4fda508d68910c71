--liquibase formatted sql

--changeset action-alerts:0026-campaign-people splitStatements:false
-- The campaign report counts people, not events, and computing each person's facts from the outbox, the links,
-- the actions and the replies on every call took 0.6 s of PostgreSQL's time for 100,000 recipients (most of it
-- grouping the outbox by person and hashing every supporter). campaign_people keeps one row per person and campaign,
-- derived from those facts; the report is then one indexed read of the campaign's rows (docs/PERFORMANCE.md,
-- "Campaign report").
--
-- Whoever writes a fact, a trigger below notes the people it changed in campaign_people_changes (a plain insert:
-- it locks nothing that other writers take, so the send path, receipts, clicks, STOPs and imports never wait for
-- each other through this table); the rows are recomputed from the facts by campaign_people_drain, run every
-- second on each instance (actions/ReportPeople) and by the report itself, for its campaign, before it reads.
--
-- A row: the person's language, state and county (kept equal to the supporter's, like the report before it), and
-- recipient (a campaign message of theirs exists, whatever its state), sent (one was sent or delivered), delivered,
-- failed (one failed and none was sent), the first send, first click, first action, first reply, and the opt-out
-- (a STOP attributed to the campaign, or the carrier said they had opted out when we sent it). A person has a row
-- once one of their messages has an outcome (sent, delivered, failed, suppressed, cancelled) or they have any other
-- of these facts; a recipient whose messages are all queued or being sent has none yet (the report counts them from
-- the outbox); an erased person has none.
CREATE TABLE campaign_people (
    campaign_id   BIGINT NOT NULL,
    supporter_id  BIGINT NOT NULL,
    language      TEXT NOT NULL,
    state         TEXT,
    county        TEXT,
    recipient     BOOLEAN NOT NULL DEFAULT false,
    sent          BOOLEAN NOT NULL DEFAULT false,
    delivered     BOOLEAN NOT NULL DEFAULT false,
    failed        BOOLEAN NOT NULL DEFAULT false,
    sent_at       TIMESTAMPTZ,
    clicked_at    TIMESTAMPTZ,
    acted_at      TIMESTAMPTZ,
    replied_at    TIMESTAMPTZ,
    opted_out_at  TIMESTAMPTZ,
    PRIMARY KEY (campaign_id, supporter_id)
);
CREATE INDEX campaign_people_supporter ON campaign_people (supporter_id);

-- People whose facts changed since their row was last computed.
CREATE TABLE campaign_people_changes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id   BIGINT NOT NULL,
    supporter_id  BIGINT NOT NULL
);
CREATE INDEX campaign_people_changes_campaign ON campaign_people_changes (campaign_id, id);
CREATE INDEX campaign_people_changes_supporter ON campaign_people_changes (supporter_id);

-- Recomputes the given people (campaign, supporter pairs) from the facts. Only drains call it, and only they write
-- campaign_people. The rows are made if missing and locked in key order first, and the facts read after that (each
-- statement of a volatile function has a fresh snapshot): of two drains computing one person at once, the second
-- computes after the first has committed, and neither waits for anything but the other.
CREATE FUNCTION campaign_people_refresh(cids BIGINT[], sids BIGINT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO campaign_people (campaign_id, supporter_id, language, state, county)
    SELECT k.campaign_id, k.supporter_id, coalesce(s.language, 'en'), s.state, s.county
      FROM (SELECT DISTINCT * FROM unnest(cids, sids) AS k(campaign_id, supporter_id)) k
      JOIN supporters s ON s.id = k.supporter_id
     ORDER BY 1, 2
    ON CONFLICT DO NOTHING;

    PERFORM 1 FROM campaign_people p
     WHERE (p.campaign_id, p.supporter_id) IN (SELECT * FROM unnest(cids, sids))
     ORDER BY p.campaign_id, p.supporter_id
       FOR UPDATE;

    WITH k AS (SELECT DISTINCT * FROM unnest(cids, sids) AS k(campaign_id, supporter_id)),
    m AS (
        SELECT o.campaign_id, o.supporter_id,
               bool_or(o.status IN ('sent', 'delivered')) AS sent,
               bool_or(o.status = 'delivered') AS delivered,
               bool_or(o.status = 'failed') AS failed,
               min(o.sent_at) AS sent_at,
               min(o.updated_at) FILTER (WHERE o.error_code = '21610') AS carrier_opt_out
          FROM outbox o JOIN k ON k.campaign_id = o.campaign_id AND k.supporter_id = o.supporter_id
         WHERE o.kind = 'campaign'
         GROUP BY 1, 2),
    c AS (
        SELECT l.campaign_id, l.supporter_id, min(l.first_clicked_at) AS clicked_at
          FROM action_links l JOIN k ON k.campaign_id = l.campaign_id AND k.supporter_id = l.supporter_id
         WHERE l.first_clicked_at IS NOT NULL
         GROUP BY 1, 2),
    a AS (
        SELECT x.campaign_id, x.supporter_id, min(x.at) AS acted_at
          FROM actions x JOIN k ON k.campaign_id = x.campaign_id AND k.supporter_id = x.supporter_id
         GROUP BY 1, 2),
    i AS (
        SELECT r.campaign_id, r.supporter_id,
               min(r.received_at) FILTER (WHERE r.kind = 'reply') AS replied_at,
               min(r.received_at) FILTER (WHERE r.kind = 'opt-out') AS opted_out_at
          FROM inbound_messages r JOIN k ON k.campaign_id = r.campaign_id AND k.supporter_id = r.supporter_id
         WHERE r.kind IN ('reply', 'opt-out')
         GROUP BY 1, 2)
    UPDATE campaign_people p
       SET language = coalesce(s.language, 'en'), state = s.state, county = s.county,
           recipient = m.supporter_id IS NOT NULL, sent = coalesce(m.sent, false),
           delivered = coalesce(m.delivered, false), failed = coalesce(m.failed AND NOT m.sent, false),
           sent_at = m.sent_at, clicked_at = c.clicked_at, acted_at = a.acted_at, replied_at = i.replied_at,
           opted_out_at = coalesce(i.opted_out_at, m.carrier_opt_out)
      FROM k
      JOIN supporters s ON s.id = k.supporter_id
      LEFT JOIN m ON m.campaign_id = k.campaign_id AND m.supporter_id = k.supporter_id
      LEFT JOIN c ON c.campaign_id = k.campaign_id AND c.supporter_id = k.supporter_id
      LEFT JOIN a ON a.campaign_id = k.campaign_id AND a.supporter_id = k.supporter_id
      LEFT JOIN i ON i.campaign_id = k.campaign_id AND i.supporter_id = k.supporter_id
     WHERE p.campaign_id = k.campaign_id AND p.supporter_id = k.supporter_id;

    -- No fact left (a message removed by retention, an action undone), or erased.
    DELETE FROM campaign_people p
     WHERE (p.campaign_id, p.supporter_id) IN (SELECT * FROM unnest(cids, sids))
       AND ((NOT p.recipient AND p.acted_at IS NULL AND p.clicked_at IS NULL AND p.replied_at IS NULL
             AND p.opted_out_at IS NULL)
            OR NOT EXISTS (SELECT 1 FROM supporters s WHERE s.id = p.supporter_id));
END;
$$;

-- Takes up to max_changes noted changes, oldest first, and recomputes their people; returns how many it took.
-- only_campaign NULL: a background drain of any campaign's notes, skipping notes another drain holds. Otherwise the
-- report's catch-up for its campaign: notes up to up_to (the newest when the report was asked for, so it ends
-- while new notes keep coming), waiting for notes another drain holds, so that it reads after their people are
-- written. Notes made while a drain runs stay for the next one: a fact committed meanwhile is not lost.
CREATE FUNCTION campaign_people_drain(only_campaign BIGINT, up_to BIGINT, max_changes INT) RETURNS INT
LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
    cids BIGINT[];
    sids BIGINT[];
BEGIN
    IF only_campaign IS NULL THEN
        SELECT array_agg(id) INTO ids FROM (
            SELECT id FROM campaign_people_changes ORDER BY id LIMIT max_changes FOR UPDATE SKIP LOCKED) x;
    ELSE
        SELECT array_agg(id) INTO ids FROM (
            SELECT id FROM campaign_people_changes WHERE campaign_id = only_campaign AND id <= up_to
             ORDER BY id LIMIT max_changes FOR UPDATE) x;
    END IF;
    IF ids IS NULL THEN
        RETURN 0;
    END IF;
    WITH taken AS (DELETE FROM campaign_people_changes WHERE id = ANY (ids) RETURNING campaign_id, supporter_id)
    SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
      FROM (SELECT DISTINCT campaign_id, supporter_id FROM taken) k;
    IF cids IS NOT NULL THEN
        PERFORM campaign_people_refresh(cids, sids);
    END IF;
    RETURN cardinality(ids);
END;
$$;

-- Notes the people whose facts a statement changed, per table: a campaign message of theirs had an outcome (or was
-- removed); they clicked; an action of theirs was recorded or removed; a reply or a STOP of theirs was
-- attributed to a campaign (or no longer is). A claim (queued → sending) or a give-back changes no one's facts
-- and costs one look at the statement's rows. One function for every table and operation: the transition tables
-- are called old_rows and new_rows everywhere, and PL/pgSQL plans only the branch it runs.
CREATE FUNCTION campaign_people_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cids BIGINT[];
    sids BIGINT[];
BEGIN
    IF TG_TABLE_NAME = 'outbox' AND TG_OP = 'UPDATE' THEN
        -- A launch and a claim note no one: the report counts people whose messages are all queued or being sent
        -- from the outbox itself. An outcome (sent, delivered, failed, suppressed, cancelled) does.
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids FROM (
            SELECT campaign_id, supporter_id FROM new_rows
             WHERE kind = 'campaign' AND status IN ('sent', 'delivered', 'failed', 'suppressed', 'cancelled')
            UNION
            SELECT campaign_id, supporter_id FROM old_rows
             WHERE kind = 'campaign' AND status IN ('sent', 'delivered', 'failed', 'suppressed', 'cancelled')) x
         WHERE campaign_id IS NOT NULL AND supporter_id IS NOT NULL;
    ELSIF TG_TABLE_NAME = 'outbox' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
          FROM (SELECT DISTINCT campaign_id, supporter_id FROM old_rows
                 WHERE kind = 'campaign' AND campaign_id IS NOT NULL AND supporter_id IS NOT NULL) x;
    ELSIF TG_TABLE_NAME = 'action_links' AND TG_OP = 'INSERT' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
          FROM (SELECT DISTINCT campaign_id, supporter_id FROM new_rows
                 WHERE supporter_id IS NOT NULL AND first_clicked_at IS NOT NULL) x;
    ELSIF TG_TABLE_NAME = 'action_links' AND TG_OP = 'UPDATE' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids FROM (
            SELECT campaign_id, supporter_id FROM new_rows WHERE first_clicked_at IS NOT NULL
            UNION
            SELECT campaign_id, supporter_id FROM old_rows WHERE first_clicked_at IS NOT NULL) x
         WHERE supporter_id IS NOT NULL;
    ELSIF TG_TABLE_NAME = 'action_links' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
          FROM (SELECT DISTINCT campaign_id, supporter_id FROM old_rows
                 WHERE supporter_id IS NOT NULL AND first_clicked_at IS NOT NULL) x;
    ELSIF TG_TABLE_NAME = 'actions' AND TG_OP = 'INSERT' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
          FROM (SELECT DISTINCT campaign_id, supporter_id FROM new_rows) x;
    ELSIF TG_TABLE_NAME = 'actions' AND TG_OP = 'UPDATE' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
          FROM (SELECT campaign_id, supporter_id FROM new_rows UNION SELECT campaign_id, supporter_id FROM old_rows) x;
    ELSIF TG_TABLE_NAME = 'actions' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
          FROM (SELECT DISTINCT campaign_id, supporter_id FROM old_rows) x;
    ELSIF TG_TABLE_NAME = 'inbound_messages' AND TG_OP = 'UPDATE' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids FROM (
            SELECT campaign_id, supporter_id FROM new_rows WHERE kind IN ('reply', 'opt-out')
            UNION
            SELECT campaign_id, supporter_id FROM old_rows WHERE kind IN ('reply', 'opt-out')) x
         WHERE campaign_id IS NOT NULL AND supporter_id IS NOT NULL;
    ELSIF TG_TABLE_NAME = 'inbound_messages' AND TG_OP = 'INSERT' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
          FROM (SELECT DISTINCT campaign_id, supporter_id FROM new_rows
                 WHERE kind IN ('reply', 'opt-out') AND campaign_id IS NOT NULL AND supporter_id IS NOT NULL) x;
    ELSIF TG_TABLE_NAME = 'inbound_messages' THEN
        SELECT array_agg(campaign_id), array_agg(supporter_id) INTO cids, sids
          FROM (SELECT DISTINCT campaign_id, supporter_id FROM old_rows
                 WHERE kind IN ('reply', 'opt-out') AND campaign_id IS NOT NULL AND supporter_id IS NOT NULL) x;
    END IF;
    IF cids IS NOT NULL THEN
        -- Not for someone being erased in this transaction: their rows and notes are gone with them (below).
        INSERT INTO campaign_people_changes (campaign_id, supporter_id)
        SELECT k.c, k.s FROM unnest(cids, sids) AS k(c, s) WHERE EXISTS (SELECT 1 FROM supporters WHERE id = k.s);
    END IF;
    RETURN NULL;
END;
$$;

-- A launch inserts a million queued messages: no statement-level insert trigger on the outbox (its transition table
-- alone would copy every row). Only a campaign message written with an outcome already (none of the service's
-- writers does; a hand-made row might) is looked at, one row at a time.
CREATE FUNCTION campaign_people_message_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO campaign_people_changes (campaign_id, supporter_id)
    SELECT NEW.campaign_id, NEW.supporter_id WHERE EXISTS (SELECT 1 FROM supporters WHERE id = NEW.supporter_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_people_insert AFTER INSERT ON outbox
    FOR EACH ROW WHEN (NEW.kind = 'campaign' AND NEW.status <> 'queued' AND NEW.campaign_id IS NOT NULL
                       AND NEW.supporter_id IS NOT NULL)
    EXECUTE FUNCTION campaign_people_message_written();

-- On each table of facts, one statement-level trigger per operation (a transition table needs one event each).
DO $$
DECLARE
    facts TEXT;
BEGIN
    FOREACH facts IN ARRAY ARRAY['outbox', 'action_links', 'actions', 'inbound_messages'] LOOP
        IF facts <> 'outbox' THEN
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                           'FOR EACH STATEMENT EXECUTE FUNCTION campaign_people_facts_changed()', facts || '_people_insert', facts);
        END IF;
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION campaign_people_facts_changed()', facts || '_people_update', facts);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION campaign_people_facts_changed()', facts || '_people_delete', facts);
    END LOOP;
END;
$$;

-- A supporter's language, state or county changed (the report groups by the current ones): every campaign they
-- could have a row in is noted (their campaign messages and actions, not only the rows made so far: a drain that
-- ran before this change committed may be making one with the old county). An import changing 100,000 counties in
-- one transaction notes them and locks none of the rows.
-- Erased: their notes and rows go with them at once. Notes a drain is working on are skipped, not waited for (the
-- drain deletes them; waiting could deadlock with it), and rows are locked in the order drains lock them. A row
-- such a drain makes while the erasure is not yet committed is removed by campaign_people_forget_erased (run every
-- few minutes by actions/ReportPeople).
CREATE FUNCTION campaign_people_supporter_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM campaign_people_changes WHERE id IN (
            SELECT id FROM campaign_people_changes WHERE supporter_id = OLD.id FOR UPDATE SKIP LOCKED);
        PERFORM 1 FROM campaign_people WHERE supporter_id = OLD.id ORDER BY campaign_id FOR UPDATE;
        DELETE FROM campaign_people WHERE supporter_id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO campaign_people_changes (campaign_id, supporter_id)
    SELECT campaign_id, NEW.id FROM campaign_people WHERE supporter_id = NEW.id
    UNION
    SELECT campaign_id, NEW.id FROM outbox WHERE supporter_id = NEW.id AND kind = 'campaign' AND campaign_id IS NOT NULL
    UNION
    SELECT campaign_id, NEW.id FROM actions WHERE supporter_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER supporters_people_update AFTER UPDATE OF language, state, county ON supporters
    FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language OR OLD.state IS DISTINCT FROM NEW.state
                       OR OLD.county IS DISTINCT FROM NEW.county)
    EXECUTE FUNCTION campaign_people_supporter_changed();
CREATE TRIGGER supporters_people_delete AFTER DELETE ON supporters
    FOR EACH ROW EXECUTE FUNCTION campaign_people_supporter_changed();

-- Rows and notes of people who no longer exist: what an erasure racing a drain can leave (see above).
CREATE FUNCTION campaign_people_forget_erased() RETURNS INT LANGUAGE plpgsql AS $$
DECLARE
    forgotten INT;
BEGIN
    DELETE FROM campaign_people_changes c WHERE NOT EXISTS (SELECT 1 FROM supporters s WHERE s.id = c.supporter_id);
    DELETE FROM campaign_people p WHERE NOT EXISTS (SELECT 1 FROM supporters s WHERE s.id = p.supporter_id);
    GET DIAGNOSTICS forgotten = ROW_COUNT;
    RETURN forgotten;
END;
$$;

-- The campaigns already sent: their people, from the facts.
SELECT campaign_people_refresh(array_agg(campaign_id), array_agg(supporter_id))
  FROM (SELECT campaign_id, supporter_id FROM outbox
         WHERE kind = 'campaign' AND campaign_id IS NOT NULL AND supporter_id IS NOT NULL
        UNION
        SELECT campaign_id, supporter_id FROM actions) x;
