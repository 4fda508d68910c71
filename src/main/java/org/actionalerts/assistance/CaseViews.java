package org.actionalerts.assistance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.actionalerts.consent.ConsentStatus;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * A whole case as attorneys see it, read in one statement: the case, its requester, and its thread and notes as
 * JSON arrays. One round trip instead of four matters on the claim, which twenty attorneys may press at once.
 * Mapped by hand: Jdbi's reflective record mapper re-matched columns to components on every row.
 */
final class CaseViews {
    private CaseViews() {}

    /**
     * Selects the view of each row of {@code cases}, a table or a CTE with the columns of {@code cases} (and any
     * more, such as a claim's order), aliased {@code c}. Callers keep the result in a constant: it is the same
     * text every time, and the driver caches its plan by text.
     *
     * <p>The thread and notes come back as the JSON the API answers with, times and all ({@link #instant}), and
     * are passed through as they are: parsing them only to write them again was a quarter of each claim's answer.
     */
    static String select(String cases) {
        return """
                SELECT c.*, s.id AS requester_id,
                       COALESCE(c.contact_name, NULLIF(trim(concat_ws(' ', s.first_name, s.last_name)), '')) AS requester_name,
                       COALESCE(c.contact_phone, s.phone) AS requester_phone,
                       COALESCE(c.contact_email, s.email) AS requester_email, s.language AS requester_language,
                       COALESCE((SELECT p.sms_status FROM supporters p WHERE p.phone = COALESCE(c.contact_phone, s.phone)),
                                'none') AS requester_sms_status,
                       COALESCE((SELECT e.email_status FROM supporters e
                                  WHERE lower(e.email) = lower(COALESCE(c.contact_email, s.email))), 'none')
                         AS requester_email_status,
                       (SELECT json_agg(json_build_object('id', m.id, 'direction', m.direction, 'channel', m.channel,
                                   'kind', m.kind, 'body', m.body, 'at', %s, 'author', m.author_name,
                                   'status', CASE WHEN m.direction = 'in' THEN 'received' ELSE o.status END,
                                   'errorCode', o.error_code, 'sentAt', %s) ORDER BY m.at, m.id)
                          FROM case_messages m LEFT JOIN outbox o ON o.id = m.outbox_id
                         WHERE m.case_id = c.id) AS thread,
                       (SELECT json_agg(json_build_object('id', n.id, 'body', n.body, 'author', n.author_name,
                                   'at', %s) ORDER BY n.at, n.id)
                          FROM case_notes n WHERE n.case_id = c.id) AS notes
                  FROM %s c LEFT JOIN supporters s ON s.id = c.supporter_id"""
                .formatted(instant("m.at"), instant("o.sent_at"), instant("n.at"), cases);
    }

    /**
     * SQL for a timestamp written as the API writes an {@code Instant} (Jackson's ISO-8601 in UTC): seconds, then
     * the fraction only when there is one, in milliseconds when that is exact, else microseconds (PostgreSQL keeps
     * no finer), then "Z". {@code CaseQueueApiTest.timesInACasesThreadAreWrittenAsTheApiWritesEveryOtherTime} holds it
     * to Jackson's own output.
     */
    static String instant(String column) {
        return """
                to_char(%1$s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || CASE
                    WHEN date_part('microseconds', %1$s)::bigint %% 1000000 = 0 THEN ''
                    WHEN date_part('microseconds', %1$s)::bigint %% 1000 = 0 THEN to_char(%1$s AT TIME ZONE 'UTC', '.MS')
                    ELSE to_char(%1$s AT TIME ZONE 'UTC', '.US') END || 'Z'""".formatted(column);
    }

    /**
     * A row of {@link #select} as read. The claim's single writer thread reads only this much; the claim's answer
     * threads then make the view ({@link #view}), so that work does not lengthen the batch every claimer waits for.
     */
    record Row(CaseRow row, CaseView.Requester requester, String thread, String notes) {}

    /** Maps a row of {@link #select}; {@code now} decides whether the case is overdue. */
    static RowMapper<CaseView> mapper(Instant now) {
        return (rs, ctx) -> view(read(rs), now);
    }

    static Row read(ResultSet rs) throws SQLException {
        return new Row(row(rs), requester(rs), rs.getString("thread"), rs.getString("notes"));
    }

    static CaseView view(Row read, Instant now) {
        return CaseView.of(read.row(), read.requester(), jsonArray(read.thread()), jsonArray(read.notes()), now);
    }

    static CaseRow row(ResultSet rs) throws SQLException {
        return new CaseRow(rs.getLong("id"), rs.getString("reference"), rs.getObject("supporter_id", Long.class),
                rs.getString("source"), rs.getString("status"), rs.getString("priority"), rs.getString("queue"),
                rs.getString("topic"), rs.getString("language"), rs.getString("state"),
                rs.getObject("assignee_user_id", Long.class), rs.getString("assignee_name"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "due_at"), instant(rs, "first_response_at"),
                instant(rs, "resolved_at"), instant(rs, "erased_at"));
    }

    private static CaseView.Requester requester(ResultSet rs) throws SQLException {
        // A case that stands alone (its details were not all one person's) still shows the contact it was given.
        Long id = rs.getObject("requester_id", Long.class);
        String phone = rs.getString("requester_phone");
        String email = rs.getString("requester_email");
        if (id == null && phone == null && email == null) {
            return null;
        }
        return new CaseView.Requester(id, rs.getString("requester_name"), phone, email,
                rs.getString("requester_language") == null ? rs.getString("language") : rs.getString("requester_language"),
                ConsentStatus.fromWire(rs.getString("requester_sms_status")),
                ConsentStatus.fromWire(rs.getString("requester_email_status")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** {@code json_agg} of no rows is NULL, where the API answers an empty list. */
    private static String jsonArray(String json) {
        return json == null ? "[]" : json;
    }
}
