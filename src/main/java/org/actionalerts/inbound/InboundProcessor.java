package org.actionalerts.inbound;

import io.dropwizard.lifecycle.Managed;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on stored texts, oldest first, in batches: one transaction (one commit) for everything that arrived since
 * the last pass. The webhook wakes it after each insert, so a STOP takes effect milliseconds after Twilio delivers
 * it. A PostgreSQL advisory lock lets one instance at a time do this, so two texts from one person (STOP, then
 * START) are never applied out of order by two instances. Texts stored just before a crash, or by an instance
 * that died, are picked up by the next pass of any instance.
 */
class InboundProcessor implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(InboundProcessor.class);
    static final int BATCH = 200;
    /** After this many failed passes a text is set aside as {@code failed} (kept for an operator to look at). */
    static final int MAX_ATTEMPTS = 5;
    /** Another instance's texts, or ones left by a crash, are found at least this often. */
    private static final long POLL_MILLIS = 1000;
    static final long LOCK_KEY = 0x41_4C_45_52_54_53_01L; // "ALERTS" + 1: the inbound processor's lock

    private final Jdbi jdbi;
    private final InboundRouter router;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ExecutorService thread;
    private volatile boolean running;

    private final com.codahale.metrics.Timer batchTimer;
    private final com.codahale.metrics.MetricRegistry metrics;

    /** @param thread a single-thread executor of its own (a managed one), shut down by {@link #stop} */
    public InboundProcessor(Jdbi jdbi, InboundRouter router, com.codahale.metrics.MetricRegistry metrics,
                            ExecutorService thread) {
        this.jdbi = jdbi;
        this.thread = thread;
        this.router = router;
        this.batchTimer = metrics.timer("inbound.process-batch");
        this.metrics = metrics;
    }

    /** A text was stored: process it now rather than at the next poll. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    @Override
    public void start() {
        running = true;
        thread.execute(this::run);
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        wake();
        thread.shutdown();
        thread.awaitTermination(30, TimeUnit.SECONDS); // a batch in progress finishes and commits
    }

    private void run() {
        while (running) {
            try {
                if (processBatch() == 0) {
                    wakeUps.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Inbound processing pass failed; retrying in a second", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Processes up to {@link #BATCH} waiting texts in one transaction; returns how many it took. If any of them
     * fails, the whole batch is rolled back and its texts are taken again one per transaction, so the one that
     * fails is counted and, after {@link #MAX_ATTEMPTS}, set aside, while the others go through.
     */
    int processBatch() {
        List<Long> ids = new java.util.ArrayList<>();
        try {
            Map<String, Integer> kinds = new HashMap<>();
            int n = jdbi.inTransaction(h -> {
                if (!lock(h)) {
                    return 0; // another instance is processing
                }
                var timing = batchTimer.time();
                List<InboundRouter.Stored> batch = pending(h, null);
                batch.forEach(t -> ids.add(t.id()));
                kinds.putAll(router.processAll(h, batch));
                timing.stop();
                return batch.size();
            });
            countKinds(kinds);
            return n;
        } catch (RuntimeException e) {
            // The exception's text may quote a bound phone number or message: only its type at this level.
            if (ids.isEmpty()) {
                // Nothing was read: the database could not be reached, or the lock not taken. The next poll retries.
                LOG.warn("Could not look for inbound texts to act on ({})", e.getClass().getSimpleName());
            } else {
                LOG.warn("A batch of {} inbound texts failed ({}); acting on them one at a time", ids.size(),
                        e.getClass().getSimpleName());
            }
            LOG.debug("Batch failure", e);
            ids.forEach(this::processAlone);
            return ids.size();
        }
    }

    /** Counted once committed: {@code inbound.kind.<kind>} (reply, opt_out, help, assistance, ...). */
    private void countKinds(Map<String, Integer> kinds) {
        kinds.forEach((kind, n) -> metrics.meter("inbound.kind." + kind.replace('.', '_')).mark(n));
    }

    private void processAlone(long id) {
        try {
            Map<String, Integer> kinds = new HashMap<>();
            jdbi.useTransaction(h -> {
                if (lock(h)) {
                    kinds.putAll(router.processAll(h, pending(h, id)));
                }
            });
            countKinds(kinds);
        } catch (RuntimeException e) {
            jdbi.useTransaction(h -> {
                int attempts = h.createQuery("""
                        UPDATE inbound_messages SET attempts = attempts + 1,
                               kind = CASE WHEN attempts + 1 >= :max THEN 'failed' END,
                               processed_at = CASE WHEN attempts + 1 >= :max THEN now() END
                         WHERE id = :id AND processed_at IS NULL RETURNING attempts""")
                        .bind("max", MAX_ATTEMPTS).bind("id", id).mapTo(Integer.class).findOne().orElse(0);
                if (attempts >= MAX_ATTEMPTS) {
                    metrics.meter("inbound.kind.failed").mark();
                }
                LOG.error("Could not process inbound message {} (attempt {} of {}{}): {}", id, attempts, MAX_ATTEMPTS,
                        attempts >= MAX_ATTEMPTS ? "; set aside as failed" : "", e.getClass().getSimpleName());
                LOG.debug("Inbound message {} failure", id, e);
            });
        }
    }

    private static boolean lock(Handle h) {
        return h.createQuery("SELECT pg_try_advisory_xact_lock(:key)").bind("key", LOCK_KEY).mapTo(Boolean.class).one();
    }

    /**
     * The waiting texts to act on next, or the one with {@code onlyId} if it is still waiting; locked for this
     * transaction. Opt-outs come first (under a flood of replies a STOP must not wait behind them), but only one
     * that is its sender's oldest waiting text, so one person's texts are still acted on in the order they came
     * (a START sent before a STOP is never applied after it); then the rest, oldest first.
     */
    private static List<InboundRouter.Stored> pending(Handle h, Long onlyId) {
        if (onlyId != null) {
            return stored(h.createQuery("""
                    SELECT id, message_sid, from_phone, body FROM inbound_messages
                     WHERE processed_at IS NULL AND id = :id FOR UPDATE SKIP LOCKED""").bind("id", onlyId));
        }
        List<InboundRouter.Stored> texts = new java.util.ArrayList<>(stored(h.createQuery("""
                SELECT id, message_sid, from_phone, body FROM inbound_messages m
                 WHERE processed_at IS NULL AND opt_out
                   AND NOT EXISTS (SELECT 1 FROM inbound_messages older
                                    WHERE older.processed_at IS NULL AND older.from_phone = m.from_phone
                                      AND older.id < m.id)
                 ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED""").bind("n", BATCH)));
        if (texts.size() < BATCH) {
            long[] taken = texts.stream().mapToLong(InboundRouter.Stored::id).toArray();
            texts.addAll(stored(h.createQuery("""
                    SELECT id, message_sid, from_phone, body FROM inbound_messages
                     WHERE processed_at IS NULL AND id <> ALL(:taken)
                     ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED""")
                    .bind("taken", taken).bind("n", BATCH - texts.size())));
        }
        return texts;
    }

    private static List<InboundRouter.Stored> stored(org.jdbi.v3.core.statement.Query query) {
        return query.map((rs, ctx) -> new InboundRouter.Stored(rs.getLong("id"),
                        new InboundSms(rs.getString("message_sid"), rs.getString("from_phone"), rs.getString("body"))))
                .list();
    }
}
