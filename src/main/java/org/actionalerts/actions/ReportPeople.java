package org.actionalerts.actions;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Duration;
import org.actionalerts.platform.PeriodicTask;
import org.actionalerts.platform.TimedWork;
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

    void register(LifecycleEnvironment lifecycle, MetricRegistry metrics) {
        new PeriodicTask("report-people", Duration.ofSeconds(1), Duration.ofSeconds(1), this::drainAll).register(lifecycle);
        // An erasure racing a drain can leave that drain's row of the erased person: forgotten within minutes.
        TimedWork.oncePerDeployment("report-people-erased", Duration.ofMinutes(1), Duration.ofMinutes(5), jdbi, metrics,
                this::forgetErased).register(lifecycle);
    }

    /** Deletes rows and notes of people who no longer exist; how many rows. */
    int forgetErased() {
        return jdbi.withHandle(h -> h.createQuery("SELECT campaign_people_forget_erased()").mapTo(Integer.class).one());
    }

    /** Recomputes the people of every noted change, skipping changes another instance is working on. */
    void drainAll() {
        while (!Thread.currentThread().isInterrupted()
                && jdbi.withHandle(h -> drain(h, null, null)) == BATCH) {
            // More were waiting: take the next batch at once.
        }
    }

    /**
     * Recomputes the people of {@code campaignId}'s changes noted before this call, waiting for any another drain
     * holds, so that what is read afterwards includes every fact committed before it; at most {@link #MOST}
     * changes (a backlog beyond that, e.g. a million messages just cancelled, is left to the background drains).
     * True when nothing noted before the call is left.
     */
    static boolean catchUp(Handle h, long campaignId) {
        Long newest = h.createQuery("SELECT max(id) FROM campaign_people_changes WHERE campaign_id = :c")
                .bind("c", campaignId).mapTo(Long.class).one();
        if (newest == null) {
            return true;
        }
        for (int taken = 0; taken < MOST; taken += BATCH) {
            if (drain(h, campaignId, newest) < BATCH) {
                return true;
            }
        }
        return false;
    }

    /** The most changes a report catches up on before it answers (about ten drains: a few seconds at worst). */
    static final int MOST = 10 * BATCH;

    private static int drain(Handle h, Long campaignId, Long upTo) {
        return h.createQuery("SELECT campaign_people_drain(:c, :upTo, :n)")
                .bind("c", campaignId).bind("upTo", upTo).bind("n", BATCH).mapTo(Integer.class).one();
    }
}
