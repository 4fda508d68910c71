package org.actionalerts.assistance;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.actionalerts.accounts.Caller;
import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.platform.GroupCommit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Hands out the next case: urgent first, then oldest. Attorneys who claim at the same moment are served together
 * ({@link GroupCommit}): one statement takes as many cases as there are claimers, gives them out in the order the
 * claims arrived, assigns each, writes each claim's audit row and returns each case whole, and one commit makes
 * it all durable. A lone claim is a batch of one. (Claims for different queues in one batch are one statement
 * per queue, in one transaction: a batch is written whole or not at all, as {@link GroupCommit} promises.)
 *
 * <p>{@code FOR UPDATE SKIP LOCKED} keeps instances of the service from waiting on (or both taking) a case
 * another instance is claiming; within one statement each case goes to one claimer by construction.
 */
class ClaimDesk implements Managed {
    /**
     * A claim waits at most this long for its batch. A claim whose batch failed is answered 503 and took no case;
     * one that gave up waiting (also 503) may still be assigned its case when the batch commits, and finds it
     * among its assigned cases.
     */
    private static final long TIMEOUT_SECONDS = 10;
    private static final int MAX_BATCH = 100;

    private record Claim(String queue, Actor actor) {}

    /**
     * Takes up to :n next cases, in order, for the claimers in the arrays (in arrival order); the assignee is the
     * claimer's user, or for a token without one, the token's name (as CaseService.assignee decides for every
     * other change of assignee).
     */
    private static final String CLAIM = """
            WITH claimers AS (
                SELECT * FROM unnest(CAST(:tokenIds AS bigint[]), CAST(:userIds AS bigint[]), CAST(:names AS text[]))
                       WITH ORDINALITY AS k(token_id, user_id, name, seq)),
            picked AS (
                SELECT id, row_number() OVER (ORDER BY priority_rank, created_at, id) AS seq
                  FROM (SELECT id, priority_rank, created_at FROM cases
                         WHERE status = 'new' AND (CAST(:queue AS text) IS NULL OR queue = :queue)
                         ORDER BY priority_rank, created_at, id
                         LIMIT :n FOR UPDATE SKIP LOCKED) next),
            claimed AS (
                UPDATE cases c SET status = 'assigned', assignee_user_id = u.id,
                       assignee_name = COALESCE(u.name, k.name), updated_at = :now
                  FROM picked p JOIN claimers k ON k.seq = p.seq LEFT JOIN users u ON u.id = k.user_id
                 WHERE c.id = p.id
                RETURNING c.*, p.seq AS claim_seq),
            audited AS (
            """ + AuditLog.insertRows("""
                SELECT :now, k.token_id, k.user_id, k.name, 'case.claim', c.id, c.supporter_id
                  FROM claimed c JOIN claimers k ON k.seq = c.claim_seq""") + ")\n"
            + CaseViews.select("claimed") + " ORDER BY c.claim_seq";

    private final Jdbi jdbi;
    private final Clock clock;
    private final GroupCommit<Claim, Optional<CaseViews.Row>> desk;
    /**
     * Makes each claimer's answer once its batch is committed: the case's view, and (by the caller's callback)
     * its JSON. One thread per core, first come first served. Were each claimer's own request thread to do it,
     * a batch would wake them all together and the cores would be shared among them, finishing every answer late
     * and stretching the next batch, which competes with them for the same two cores.
     */
    private final ExecutorService answers;

    /**
     * @param answers one thread per core, stopped after this desk (it finishes what the writer hands it)
     * @param writer the desk's writer thread (see {@link GroupCommit})
     */
    public ClaimDesk(Jdbi jdbi, Clock clock, MetricRegistry metrics, ExecutorService answers, ExecutorService writer) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.desk = new GroupCommit<>("cases.claim", MAX_BATCH, TIMEOUT_SECONDS,
                "The case could not be claimed; try again", this::claimAll, metrics, writer);
        this.answers = answers;
        this.latency = metrics.timer("cases.claim-latency");
    }

    /** From a claim's arrival to its answer, metric {@code cases.claim-latency}. */
    private final com.codahale.metrics.Timer latency;

    /**
     * The next case in {@code queue} (any queue when null) for the caller; empty when none is waiting. It completes
     * on one of the answer threads, where the caller's callbacks run too; it fails with a 503 {@code ApiException}
     * when the claim could not be written.
     */
    public CompletableFuture<Optional<CaseView>> claim(String queue, Caller caller) {
        var timing = latency.time();
        CompletableFuture<Optional<CaseView>> answer = desk.submitAsync(new Claim(queue, Actor.of(caller)))
                .thenApplyAsync(row -> row.map(r -> CaseViews.view(r, clock.instant())), answers);
        answer.whenComplete((view, failure) -> timing.stop());
        return answer;
    }

    @Override
    public void start() {
        desk.start();
    }

    @Override
    public void stop() throws InterruptedException {
        desk.stop();
    }

    private List<Optional<CaseViews.Row>> claimAll(List<Claim> claims) {
        Instant now = clock.instant();
        // Claims for the same queue share a statement; a batch rarely holds more than one or two queues.
        Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
        for (int i = 0; i < claims.size(); i++) {
            byQueue.computeIfAbsent(Objects.requireNonNullElse(claims.get(i).queue(), ""), q -> new ArrayList<>()).add(i);
        }
        List<Optional<CaseViews.Row>> answers = new ArrayList<>(Collections.nCopies(claims.size(), Optional.empty()));
        // One queue (the usual batch): its statement is atomic on its own, so it runs without BEGIN and COMMIT: one
        // round trip, and the answer comes back only once the claim is durable. Several queues: their statements
        // share one transaction, so that if one fails none is committed and every caller's 503 is true (one more
        // round trip, the COMMIT). Committed one by one, a failure of the second left the first queue's cases
        // assigned to claimers who were all told their claim failed.
        org.jdbi.v3.core.HandleConsumer<RuntimeException> write = h -> byQueue.forEach((queue, positions) -> {
            List<Claim> group = positions.stream().map(claims::get).toList();
            List<CaseViews.Row> taken = claim(h, queue.isEmpty() ? null : queue, group, now);
            for (int k = 0; k < taken.size(); k++) {
                answers.set(positions.get(k), Optional.of(taken.get(k)));
            }
        });
        if (byQueue.size() == 1) {
            jdbi.useHandle(write);
        } else {
            jdbi.useTransaction(write);
        }
        return answers;
    }

    /** The cases taken, in claim order: the first claimer gets the first case; claimers past the last case get none. */
    private static List<CaseViews.Row> claim(Handle h, String queue, List<Claim> claims, Instant now) {
        Long[] tokenIds = claims.stream().map(c -> c.actor().tokenId()).toArray(Long[]::new);
        Long[] userIds = claims.stream().map(c -> c.actor().userId()).toArray(Long[]::new);
        String[] names = claims.stream().map(c -> c.actor().name()).toArray(String[]::new);
        return h.createQuery(CLAIM)
                .bind("tokenIds", tokenIds).bind("userIds", userIds).bind("names", names)
                .bind("queue", queue).bind("n", claims.size()).bind("now", now)
                .map((rs, ctx) -> CaseViews.read(rs))
                .list();
    }
}
