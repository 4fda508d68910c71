package org.actionalerts.assistance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * A whole case as attorneys see it, read in one statement: the case, its requester, and its thread and notes as
 * JSON arrays. One round trip instead of four matters on the claim, which twenty attorneys may press at once.
 * Mapped by hand: Jdbi's reflective record mapper re-matched columns to components on every row.
 */
final class CaseViews {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final TypeReference<List<CaseView.ThreadEntry>> THREAD = new TypeReference<>() {};
    private static final TypeReference<List<CaseView.Note>> NOTES = new TypeReference<>() {};

    private CaseViews() {}

    /**
     * Selects the view of each row of {@code cases}, a table or a CTE with the columns of {@code cases} (and any
     * more, such as a claim's order), aliased {@code c}. Callers keep the result in a constant: it is the same
     * text every time, and the driver caches its plan by text.
     */
    static String select(String cases) {
        return """
                SELECT c.*, s.id AS requester_id,
                       NULLIF(trim(concat_ws(' ', s.first_name, s.last_name)), '') AS requester_name,
                       s.phone AS requester_phone, s.email AS requester_email, s.language AS requester_language,
                       s.sms_status AS requester_sms_status, s.email_status AS requester_email_status,
                       (SELECT json_agg(json_build_object('id', m.id, 'direction', m.direction, 'channel', m.channel,
                                   'kind', m.kind, 'body', m.body, 'at', m.at, 'author', m.author_name,
                                   'status', CASE WHEN m.direction = 'in' THEN 'received' ELSE o.status END,
                                   'errorCode', o.error_code, 'sentAt', o.sent_at) ORDER BY m.at, m.id)
                          FROM case_messages m LEFT JOIN outbox o ON o.id = m.outbox_id
                         WHERE m.case_id = c.id) AS thread,
                       (SELECT json_agg(json_build_object('id', n.id, 'body', n.body, 'author', n.author_name,
                                   'at', n.at) ORDER BY n.at, n.id)
                          FROM case_notes n WHERE n.case_id = c.id) AS notes
                  FROM %s c LEFT JOIN supporters s ON s.id = c.supporter_id""".formatted(cases);
    }

    /**
     * A row of {@link #select} as read, its thread and notes still JSON text. The claim's single writer thread reads
     * only this much; the claim's answer threads then make the view ({@link #view}), so parsing a batch's JSON does
     * not lengthen the batch every claimer in it waits for.
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
        return CaseView.of(read.row(), read.requester(), list(read.thread(), THREAD), list(read.notes(), NOTES), now);
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
        Long id = rs.getObject("requester_id", Long.class);
        return id == null ? null : new CaseView.Requester(id, rs.getString("requester_name"),
                rs.getString("requester_phone"), rs.getString("requester_email"), rs.getString("requester_language"),
                rs.getString("requester_sms_status"), rs.getString("requester_email_status"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static <T> List<T> list(String json, TypeReference<List<T>> type) {
        if (json == null) {
            return List.of(); // json_agg of no rows
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable case view JSON", e);
        }
    }
}
