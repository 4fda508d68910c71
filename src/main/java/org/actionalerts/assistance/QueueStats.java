package org.actionalerts.assistance;

import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** A queue at a glance: what is open, by priority and status, what is overdue, and how fast first answers come. */
public class QueueStats {
    public record Stats(String queue, Map<String, Long> openByPriority, Map<String, Long> openByStatus, long overdue,
                        Double medianFirstResponseSeconds, long answered) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public QueueStats(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Stats of(String queue) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FILTER (WHERE status <> 'resolved' AND priority = 'urgent') AS urgent,
                       count(*) FILTER (WHERE status <> 'resolved' AND priority = 'normal') AS normal,
                       count(*) FILTER (WHERE status = 'new') AS new,
                       count(*) FILTER (WHERE status = 'assigned') AS assigned,
                       count(*) FILTER (WHERE status = 'waiting') AS waiting,
                       count(*) FILTER (WHERE status <> 'resolved' AND first_response_at IS NULL AND due_at < :now) AS overdue,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
                           FILTER (WHERE first_response_at IS NOT NULL) AS median,
                       count(*) FILTER (WHERE first_response_at IS NOT NULL) AS answered
                  FROM cases WHERE queue = :queue""")
                .bind("queue", queue).bind("now", clock.instant())
                .map((rs, ctx) -> new Stats(queue,
                        Map.of("urgent", rs.getLong("urgent"), "normal", rs.getLong("normal")),
                        Map.of("new", rs.getLong("new"), "assigned", rs.getLong("assigned"), "waiting", rs.getLong("waiting")),
                        rs.getLong("overdue"),
                        rs.getObject("median") == null ? null : rs.getDouble("median"),
                        rs.getLong("answered")))
                .one());
    }
}
