package org.actionalerts.assistance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(CaseRow.class)
@RegisterConstructorMapper(CaseView.ThreadEntry.class)
@RegisterConstructorMapper(CaseView.Note.class)
@RegisterConstructorMapper(CaseView.Requester.class)
public interface CaseDao {
    String COLUMNS = "id, reference, supporter_id, source, status, priority, queue, topic, language, state, "
            + "assignee_user_id, assignee_name, created_at, updated_at, due_at, first_response_at, resolved_at, erased_at";

    /** Empty when the reference is taken (the caller draws another). */
    @SqlQuery("""
            INSERT INTO cases (reference, supporter_id, source, priority, queue, topic, language, state,
                               created_at, updated_at, due_at, contact_name, contact_phone, contact_email)
            VALUES (:reference, :supporterId, :source, :priority, :queue, :topic, :language, :state, :now, :now, :dueAt,
                    :contact.name, :contact.phone, :contact.email)
            ON CONFLICT (reference) DO NOTHING RETURNING id""")
    Optional<Long> insert(@Bind("reference") String reference, @Bind("supporterId") Long supporterId,
                          @Bind("source") String source, @Bind("priority") String priority, @Bind("queue") String queue,
                          @Bind("topic") String topic, @Bind("language") String language, @Bind("state") String state,
                          @Bind("now") Instant now, @Bind("dueAt") Instant dueAt,
                          @BindMethods("contact") CaseOpening.Contact contact);

    @SqlQuery("SELECT " + COLUMNS + " FROM cases WHERE id = :id")
    Optional<CaseRow> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM cases WHERE id = :id FOR UPDATE")
    Optional<CaseRow> findForUpdate(@Bind("id") long id);

    @SqlUpdate("""
            UPDATE cases SET status = :status, priority = :priority, queue = :queue, topic = :topic,
                   assignee_user_id = :assigneeUserId, assignee_name = :assigneeName, due_at = :dueAt,
                   resolved_at = :resolvedAt, updated_at = :now
             WHERE id = :id""")
    void update(@Bind("id") long id, @Bind("status") String status, @Bind("priority") String priority,
                @Bind("queue") String queue, @Bind("topic") String topic, @Bind("assigneeUserId") Long assigneeUserId,
                @Bind("assigneeName") String assigneeName, @Bind("dueAt") Instant dueAt,
                @Bind("resolvedAt") Instant resolvedAt, @Bind("now") Instant now);

    @SqlUpdate("UPDATE cases SET first_response_at = COALESCE(first_response_at, :now), updated_at = :now WHERE id = :id")
    void responded(@Bind("id") long id, @Bind("now") Instant now);

    @SqlUpdate("UPDATE cases SET updated_at = :now WHERE id = :id")
    void touch(@Bind("id") long id, @Bind("now") Instant now);

    @SqlUpdate("""
            INSERT INTO case_messages (case_id, direction, channel, kind, body, outbox_id, message_sid, author_user_id,
                                       author_name, at)
            VALUES (:caseId, :direction, :channel, :kind, :body, :outboxId, :messageSid, :authorUserId, :authorName, :at)""")
    @GetGeneratedKeys("id")
    long insertMessage(@Bind("caseId") long caseId, @Bind("direction") String direction, @Bind("channel") String channel,
                       @Bind("kind") String kind, @Bind("body") String body, @Bind("outboxId") Long outboxId,
                       @Bind("messageSid") String messageSid, @Bind("authorUserId") Long authorUserId,
                       @Bind("authorName") String authorName, @Bind("at") Instant at);

    @SqlUpdate("""
            INSERT INTO case_notes (case_id, body, author_user_id, author_name, at)
            VALUES (:caseId, :body, :authorUserId, :authorName, :at)""")
    @GetGeneratedKeys("id")
    long insertNote(@Bind("caseId") long caseId, @Bind("body") String body, @Bind("authorUserId") Long authorUserId,
                    @Bind("authorName") String authorName, @Bind("at") Instant at);

    /**
     * One message of a conversation, as the case view shows it (CaseViews builds the whole thread the same way);
     * an outgoing one carries its outbox row's delivery status.
     */
    @SqlQuery("""
            SELECT m.id, m.direction, m.channel, m.kind, m.body, m.at, m.author_name AS author,
                   CASE WHEN m.direction = 'in' THEN 'received' ELSE o.status END AS status,
                   o.error_code, o.sent_at
              FROM case_messages m LEFT JOIN outbox o ON o.id = m.outbox_id
             WHERE m.id = :id""")
    Optional<CaseView.ThreadEntry> threadEntry(@Bind("id") long messageId);

    @SqlQuery("SELECT id, body, author_name AS author, at FROM case_notes WHERE id = :id")
    Optional<CaseView.Note> note(@Bind("id") long id);

    /**
     * Where replies on a case go: the contact details the requester gave on this case, and for a channel they gave
     * nothing for, the record they were found by (which a form can no longer change); with whether that number or
     * address can receive (an unsubscribed number stays so).
     */
    @SqlQuery("""
            SELECT c.supporter_id, COALESCE(c.contact_name, NULLIF(trim(concat_ws(' ', s.first_name, s.last_name)), '')) AS name,
                   COALESCE(c.contact_phone, s.phone) AS phone, COALESCE(c.contact_email, s.email) AS email,
                   COALESCE(s.language, c.language) AS language,
            """ + CONTACT_STATUSES + """
              FROM cases c LEFT JOIN supporters s ON s.id = c.supporter_id WHERE c.id = :id""")
    Optional<CaseView.Requester> contact(@Bind("id") long caseId);

    /** Columns sms_status and email_status of a case {@code c}'s contact phone and email, 'none' when unknown. */
    String CONTACT_STATUSES = """
                   COALESCE((SELECT p.sms_status FROM supporters p WHERE p.phone = COALESCE(c.contact_phone, s.phone)), 'none')
                     AS sms_status,
                   COALESCE((SELECT e.email_status FROM supporters e
                              WHERE lower(e.email) = lower(COALESCE(c.contact_email, s.email))), 'none') AS email_status
            """;

    @SqlQuery("SELECT " + COLUMNS + """
              FROM cases
             WHERE (CAST(:statuses AS text[]) IS NULL OR status = ANY(:statuses))
               AND (CAST(:queue AS text) IS NULL OR queue = :queue)
               AND (CAST(:priority AS text) IS NULL OR priority = :priority)
               AND (CAST(:assignee AS bigint) IS NULL OR assignee_user_id = :assignee)
               AND (NOT :unassigned OR (assignee_user_id IS NULL AND assignee_name IS NULL))
               AND (CAST(:changedSince AS timestamptz) IS NULL OR updated_at > :changedSince)
               AND (CAST(:overdue AS boolean) IS NULL
                    OR (status <> 'resolved' AND first_response_at IS NULL AND due_at < :now) = :overdue)
               AND id > :after
             ORDER BY id LIMIT :limit""")
    List<CaseRow> list(@Bind("statuses") String[] statuses, @Bind("queue") String queue, @Bind("priority") String priority,
                       @Bind("assignee") Long assignee, @Bind("unassigned") boolean unassigned,
                       @Bind("changedSince") Instant changedSince, @Bind("overdue") Boolean overdue, @Bind("now") Instant now,
                       @Bind("after") long after, @Bind("limit") int limit);

    /** Requester names and message counts for a page of cases. */
    record ListExtras(long caseId, String requesterName, int messages) {}

    @SqlQuery("""
            SELECT c.id AS case_id, NULLIF(trim(concat_ws(' ', s.first_name, s.last_name)), '') AS requester_name,
                   (SELECT count(*) FROM case_messages m WHERE m.case_id = c.id) AS messages
              FROM cases c LEFT JOIN supporters s ON s.id = c.supporter_id
             WHERE c.id = ANY(:ids)""")
    @RegisterConstructorMapper(ListExtras.class)
    List<ListExtras> extras(@Bind("ids") long[] ids);
}
