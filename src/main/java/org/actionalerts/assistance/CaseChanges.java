package org.actionalerts.assistance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * PATCH of a case: status, assignee, priority, topic, queue. Status moves new → assigned → waiting ↔ assigned →
 * resolved, and an attorney may reopen a resolved case (→ assigned). Clearing the assignee puts the case back in
 * the queue (new); naming one takes it out (assigned).
 */
public class CaseChanges {
    static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "new", Set.of("assigned"),
            "assigned", Set.of("waiting", "resolved", "new"),
            "waiting", Set.of("assigned", "resolved"),
            "resolved", Set.of("assigned"));
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

    public CaseView patch(long id, JsonNode body, Caller caller) {
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "A JSON object is required");
        }
        return jdbi.inTransaction(h -> {
            CaseDao dao = h.attach(CaseDao.class);
            CaseRow c = dao.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Case"));
            Instant now = clock.instant();
            String status = c.status();
            Long userId = c.assigneeUserId();
            String name = c.assigneeName();
            boolean explicitStatus = body.hasNonNull("status");
            if (body.has("assignee")) {
                JsonNode a = body.get("assignee");
                if (a.isNull()) {
                    userId = null;
                    name = null;
                    if (!explicitStatus && ("assigned".equals(status) || "waiting".equals(status))) {
                        status = "new";
                    }
                } else {
                    User u = assignableUser(h.attach(UserDao.class), a);
                    userId = u.id();
                    name = u.name();
                    if (!explicitStatus && "new".equals(status)) {
                        status = "assigned";
                    }
                }
            }
            if (explicitStatus) {
                String target = body.get("status").asText();
                if (!TRANSITIONS.containsKey(target)) {
                    throw ApiException.invalid("status", "must be one of new, assigned, waiting, resolved");
                }
                if (!target.equals(c.status()) && !TRANSITIONS.get(c.status()).contains(target)) {
                    throw new ApiException(409, "A " + c.status() + " case cannot become " + target
                            + "; it can become " + String.join(" or ", TRANSITIONS.get(c.status())));
                }
                if (c.erasedAt() != null && !target.equals(c.status())) {
                    throw new ApiException(409, "This case's content was erased under the retention policy; it cannot be reopened");
                }
                status = target;
                if ("new".equals(status)) {
                    userId = null;
                    name = null;
                } else if (userId == null && name == null) {
                    CaseService.Assignee me = CaseService.assignee(h, caller);
                    userId = me.userId();
                    name = me.name();
                }
            }
            String priority = text(body, "priority", c.priority());
            if (!PRIORITIES.contains(priority)) {
                throw ApiException.invalid("priority", "must be urgent or normal");
            }
            String topic = text(body, "topic", c.topic());
            if (!topics.contains(topic)) {
                throw ApiException.invalid("topic", "must be one of " + String.join(", ", topics));
            }
            String queue = text(body, "queue", c.queue());
            if (!QUEUE.matcher(queue).matches()) {
                throw ApiException.invalid("queue", "queue names are lower-case letters, digits and dashes");
            }
            boolean queueOrPriorityChanged = !priority.equals(c.priority()) || !queue.equals(c.queue());
            Instant due = priority.equals(c.priority()) ? c.dueAt() : sla.dueAt(priority, c.createdAt());
            Instant resolvedAt = "resolved".equals(status) ? ("resolved".equals(c.status()) ? c.resolvedAt() : now) : null;
            dao.update(id, status, priority, queue, topic, userId, name, due, resolvedAt, now);
            if ("urgent".equals(priority) && queueOrPriorityChanged && c.open()) {
                notifier.notify(h, new CaseRef(id, c.reference(), queue, priority));
            }
            audit.record(h, Actor.of(caller), "case.update", id, c.supporterId(),
                    changes(c, status, priority, queue, topic, userId, name));
            return cases.view(h, id);
        });
    }

    private static User assignableUser(UserDao users, JsonNode a) {
        if (!a.canConvertToLong()) {
            throw ApiException.invalid("assignee", "must be a user id or null");
        }
        User u = users.find(a.asLong()).orElseThrow(() -> ApiException.invalid("assignee", "no such user"));
        if (!u.active() || !u.role().includes(Role.ATTORNEY)) {
            throw ApiException.invalid("assignee", "must be an active attorney or admin");
        }
        return u;
    }

    private static String text(JsonNode body, String field, String current) {
        if (!body.hasNonNull(field)) {
            return current;
        }
        JsonNode v = body.get(field);
        if (!v.isTextual()) {
            throw ApiException.invalid(field, "must be a string");
        }
        return v.asText().strip();
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
