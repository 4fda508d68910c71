package org.actionalerts.actions;

import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Duration;
import org.actionalerts.platform.PeriodicTask;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps the report's {@code campaign_people} rows up to date with the facts (migration 0026): writers only note
 * whom they changed, and this recomputes them, every second on each instance (instances take different changes),
 * so that a report finds little left to do; a report also catches its own campaign up before it reads.
 */
final class ReportPeople {
    /** Changes taken by one drain: one short transaction, a few hundred milliseconds at most. */
    static final int BATCH = 5_000;

    private final Jdbi jdbi;

    ReportPeople(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void register(LifecycleEnvironment lifecycle) {
        new PeriodicTask("report-people", Duration.ofSeconds(1), Duration.ofSeconds(1), this::drainAll).register(lifecycle);
    }

    /** Recomputes the people of every noted change, skipping changes another instance is working on. */
    void drainAll() {
        while (!Thread.currentThread().isInterrupted()
                && jdbi.withHandle(h -> drain(h, null, false)) == BATCH) {
            // More were waiting: take the next batch at once.
        }
    }

    /**
     * Recomputes the people of {@code campaignId}'s noted changes, waiting for any another drain holds, so that
     * what is read afterwards includes every fact committed before this call.
     */
    static void catchUp(Handle h, long campaignId) {
        while (drain(h, campaignId, true) == BATCH) {
            // More were waiting.
        }
    }

    private static int drain(Handle h, Long campaignId, boolean wait) {
        return h.createQuery("SELECT campaign_people_drain(:c, :n, :w)")
                .bind("c", campaignId).bind("n", BATCH).bind("w", wait).mapTo(Integer.class).one();
    }
}
