package org.actionalerts.assistance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.actionalerts.accounts.Caller;
import org.actionalerts.accounts.Role;
import org.actionalerts.accounts.User;
import org.actionalerts.accounts.UserDao;
import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.platform.errors.ApiException;
import org.jdbi.v3.core.Jdbi;

/**
 * PATCH of a case ({@link CasePatch}): status, assignee, priority, topic, queue. Status moves as {@link CaseStatus}
 * allows. Clearing the assignee puts the case back in the queue (new); naming one takes it out (assigned).
 */
class CaseChanges {
    private static final Set<String> PRIORITIES = Set.of("urgent", "normal");
    private static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditLog audit;
    private final Sla sla;
    private final UrgentNotifier notifier;
    private final Set<String> topics;
    private final CaseService cases;

    public CaseChanges(Jdbi jdbi, Clock clock, AuditLog audit, Sla sla, UrgentNotifier notifier, List<String> topics,
                       CaseService cases) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
        this.sla = sla;
        this.notifier = notifier;
        this.topics = Set.copyOf(topics);
        this.cases = cases;
    }

    public CaseView patch(long id, CasePatch patch, Caller caller) {
        if (patch == null) {
            throw CasePatch.refused();
        }
        return jdbi.inTransaction(h -> {
            CaseDao dao = h.attach(CaseDao.class);
            CaseRow c = dao.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Case"));
            Instant now = clock.instant();
            CaseStatus current = CaseStatus.of(c.status());
            CaseStatus status = current;
            Long userId = c.assigneeUserId();
            String name = c.assigneeName();
            if (patch.setsAssignee()) {
                if (patch.clearsAssignee()) {
                    userId = null;
                    name = null;
                    if (!patch.setsStatus() && (status == CaseStatus.ASSIGNED || status == CaseStatus.WAITING)) {
                        status = CaseStatus.NEW;
                    }
                } else {
                    User u = assignableUser(h.attach(UserDao.class), patch.assigneeId());
                    userId = u.id();
                    name = u.name();
                    if (!patch.setsStatus() && status == CaseStatus.NEW) {
                        status = CaseStatus.ASSIGNED;
                    }
                }
            }
            if (patch.setsStatus()) {
                CaseStatus target = patch.newStatus();
                if (!current.mayBecome(target)) {
                    throw new ApiException(409, "A " + current.wireName() + " case cannot become " + target.wireName()
                            + "; it can become " + current.nextInWords());
                }
                if (c.erasedAt() != null && target != current) {
                    throw new ApiException(409, "This case's content was erased under the retention policy; it cannot be reopened");
                }
                status = target;
                if (status == CaseStatus.NEW) {
                    userId = null;
                    name = null;
                } else if (userId == null && name == null) {
                    CaseService.Assignee me = CaseService.assignee(h, caller);
                    userId = me.userId();
                    name = me.name();
                }
            }
            String priority = patch.priorityOr(c.priority());
            if (!PRIORITIES.contains(priority)) {
                throw ApiException.invalid("priority", "must be urgent or normal");
            }
            String topic = patch.topicOr(c.topic());
            if (!topics.contains(topic)) {
                throw ApiException.invalid("topic", "must be one of " + String.join(", ", topics));
            }
            String queue = patch.queueOr(c.queue());
            if (!QUEUE.matcher(queue).matches()) {
                throw ApiException.invalid("queue", "queue names are lower-case letters, digits and dashes");
            }
            boolean queueOrPriorityChanged = !priority.equals(c.priority()) || !queue.equals(c.queue());
            Instant due = priority.equals(c.priority()) ? c.dueAt() : sla.dueAt(priority, c.createdAt());
            Instant resolvedAt = status == CaseStatus.RESOLVED ? (current == CaseStatus.RESOLVED ? c.resolvedAt() : now) : null;
            dao.update(id, status.wireName(), priority, queue, topic, userId, name, due, resolvedAt, now);
            if ("urgent".equals(priority) && queueOrPriorityChanged && c.open()) {
                notifier.notify(h, new CaseRef(id, c.reference(), queue, priority));
            }
            audit.record(h, Actor.of(caller), "case.update", id, c.supporterId(),
                    changes(c, status.wireName(), priority, queue, topic, userId, name));
            return cases.view(h, id);
        });
    }

    private static User assignableUser(UserDao users, long id) {
        User u = users.find(id).orElseThrow(() -> ApiException.invalid("assignee", "no such user"));
        if (!u.active() || !u.role().includes(Role.ATTORNEY)) {
            throw ApiException.invalid("assignee", "must be an active attorney or admin");
        }
        return u;
    }

    /** What changed, without any content: for the audit log. */
    private static String changes(CaseRow c, String status, String priority, String queue, String topic, Long userId,
                                  String name) {
        List<String> out = new ArrayList<>();
        add(out, "status", c.status(), status);
        add(out, "priority", c.priority(), priority);
        add(out, "queue", c.queue(), queue);
        add(out, "topic", c.topic(), topic);
        if (!Objects.equals(c.assigneeUserId(), userId) || !Objects.equals(c.assigneeName(), name)) {
            out.add("assignee " + (c.assigneeUserId() == null ? c.assigneeName() : "user " + c.assigneeUserId()) + "→"
                    + (userId == null ? name : "user " + userId));
        }
        return out.isEmpty() ? "no change" : String.join(", ", out);
    }

    private static void add(List<String> out, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            out.add(field + " " + before + "→" + after);
        }
    }
}
