package org.actionalerts.assistance;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.actionalerts.accounts.Caller;
import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.supporters.Supporter;
import org.actionalerts.supporters.SupporterDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reading and listing cases (claims: {@link ClaimDesk}). Every read is written to the audit log in the same transaction. */
public class CaseService {
    /**
     * List filters; null means any. {@code statuses} may include the shorthand "open"; {@code unassigned}: only
     * cases nobody holds; {@code changedSince}: only cases changed after it (the queue page's cheap poll).
     */
    public record CaseQuery(List<String> statuses, String queue, String priority, Long assignee, boolean unassigned,
                            Instant changedSince, Boolean overdue, long after, int limit) {}

    private static final String VIEW = CaseViews.select("cases") + " WHERE c.id = :id";

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditLog audit;

    public CaseService(Jdbi jdbi, Clock clock, AuditLog audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
    }

    public CaseView get(long id, Caller caller) {
        return jdbi.inTransaction(h -> {
            CaseView view = view(h, id);
            audit.record(h, Actor.of(caller), "case.read", id, view.requester() == null ? null : view.requester().supporterId(), null);
            return view;
        });
    }

    public Page<CaseSummary> list(CaseQuery q, Caller caller) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            CaseDao dao = h.attach(CaseDao.class);
            String[] statuses = q.statuses() == null ? null : q.statuses().stream()
                    .flatMap(s -> s.equals("open") ? java.util.stream.Stream.of("new", "assigned", "waiting") : java.util.stream.Stream.of(s))
                    .distinct().toArray(String[]::new);
            List<CaseRow> rows = dao.list(statuses, q.queue(), q.priority(), q.assignee(), q.unassigned(), q.changedSince(), q.overdue(), now, q.after(), q.limit() + 1);
            Page<CaseRow> page = Page.of(rows, q.limit(), r -> String.valueOf(r.id()));
            long[] ids = page.items().stream().mapToLong(CaseRow::id).toArray();
            Map<Long, CaseDao.ListExtras> extras = ids.length == 0 ? Map.of()
                    : dao.extras(ids).stream().collect(Collectors.toMap(CaseDao.ListExtras::caseId, Function.identity()));
            audit.recordCases(h, Actor.of(caller), "case.list", Arrays.stream(ids).boxed().toList());
            List<CaseSummary> items = page.items().stream().map(r -> {
                CaseDao.ListExtras x = extras.get(r.id());
                return CaseSummary.of(r, x == null ? null : x.requesterName(), x == null ? 0 : x.messages(), now);
            }).toList();
            return new Page<>(items, page.next());
        });
    }

    /** The full supporter record of a case's requester: what attorneys may see of supporters, and only this. */
    public Supporter requester(long caseId, Caller caller) {
        return jdbi.inTransaction(h -> {
            CaseRow c = h.attach(CaseDao.class).find(caseId).orElseThrow(() -> ApiException.notFound("Case"));
            if (c.supporterId() == null) {
                throw ApiException.notFound("Requester");
            }
            Supporter s = h.attach(SupporterDao.class).find(c.supporterId()).orElseThrow(() -> ApiException.notFound("Requester"));
            audit.record(h, Actor.of(caller), "requester.read", caseId, s.id(), null);
            return s;
        });
    }

    /** Who the caller is as an assignee: their user, or for a token without one, the token's name. */
    record Assignee(Long userId, String name) {}

    static Assignee assignee(Handle h, Caller caller) {
        if (caller.userId() != null) {
            return h.createQuery("SELECT id, name FROM users WHERE id = :id").bind("id", caller.userId())
                    .map((rs, ctx) -> new Assignee(rs.getLong("id"), rs.getString("name")))
                    .findOne()
                    .orElse(new Assignee(null, caller.getName()));
        }
        return new Assignee(null, caller.getName());
    }

    /** The whole case (requester, thread, notes) in one statement. */
    CaseView view(Handle h, long id) {
        return h.createQuery(VIEW).bind("id", id)
                .map(CaseViews.mapper(clock.instant()))
                .findOne()
                .orElseThrow(() -> ApiException.notFound("Case"));
    }
}
