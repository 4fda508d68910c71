package org.actionalerts.inbound;

import io.dropwizard.lifecycle.Managed;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
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
public class InboundProcessor implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(InboundProcessor.class);
    static final int BATCH = 200;
    /** After this many failed passes a text is set aside as {@code failed} (kept for an operator to look at). */
    static final int MAX_ATTEMPTS = 5;
    /** Another instance's texts, or ones left by a crash, are found at least this often. */
    private static final long POLL_MILLIS = 1000;
    private static final long LOCK_KEY = 0x41_4C_45_52_54_53_01L; // "ALERTS" + 1: the inbound processor's lock

    private record Pending(long id, InboundSms sms, int attempts) {}

    private final Jdbi jdbi;
    private final InboundRouter router;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public InboundProcessor(Jdbi jdbi, InboundRouter router) {
        this.jdbi = jdbi;
        this.router = router;
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
        thread = new Thread(this::run, "inbound-processor");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        wake();
        thread.join(TimeUnit.SECONDS.toMillis(30)); // a batch in progress finishes and commits
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

    /** Processes up to {@link #BATCH} waiting texts in one transaction; returns how many it took. */
    int processBatch() {
        return jdbi.inTransaction(h -> {
            if (!h.createQuery("SELECT pg_try_advisory_xact_lock(:key)").bind("key", LOCK_KEY).mapTo(Boolean.class).one()) {
                return 0; // another instance is processing
            }
            List<Pending> batch = h.createQuery("""
                    SELECT id, message_sid, from_phone, body, attempts FROM inbound_messages
                     WHERE processed_at IS NULL ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED""")
                    .bind("n", BATCH)
                    .map((rs, ctx) -> new Pending(rs.getLong("id"),
                            new InboundSms(rs.getString("message_sid"), rs.getString("from_phone"), rs.getString("body")),
                            rs.getInt("attempts")))
                    .list();
            for (Pending p : batch) {
                processOne(h, p);
            }
            return batch.size();
        });
    }

    /** One text inside a savepoint, so a text that fails does not undo the rest of the batch. */
    private void processOne(Handle h, Pending p) {
        h.savepoint("inbound");
        try {
            router.process(h, p.id(), p.sms());
            h.releaseSavepoint("inbound");
        } catch (RuntimeException e) {
            h.rollbackToSavepoint("inbound");
            boolean givingUp = p.attempts() + 1 >= MAX_ATTEMPTS;
            LOG.error("Could not process inbound message {} (attempt {} of {}){}", p.id(), p.attempts() + 1, MAX_ATTEMPTS,
                    givingUp ? "; set aside as failed" : "", e);
            h.createUpdate("""
                    UPDATE inbound_messages SET attempts = attempts + 1,
                           kind = CASE WHEN :givingUp THEN 'failed' END,
                           processed_at = CASE WHEN :givingUp THEN now() END
                     WHERE id = :id""")
                    .bind("givingUp", givingUp).bind("id", p.id()).execute();
        }
    }
}
