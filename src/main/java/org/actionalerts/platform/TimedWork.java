package org.actionalerts.platform;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Timed work that runs once for the deployment, not once per instance: every instance schedules the job, and the
 * database decides which of them runs each time. A run takes, in one transaction held for the whole run, a
 * transaction-scoped advisory lock on the job's name (another instance that finds it taken skips this turn at once)
 * and the job's row in {@code timed_work}, which says when the job last started on PostgreSQL's clock. The job runs
 * only when that was at least {@link #DUE_FRACTION} of its period ago, so instances started at different times
 * share one schedule. A run that fails rolls its row back: the job is due again at the next turn of any instance.
 * An instance that dies mid-run loses its connection, PostgreSQL ends the transaction, and the lock is free.
 *
 * <p>Each run costs one extra connection for its duration (the work opens its own transactions). Counted per
 * instance as {@code timed-work.<job>.ran}, {@code .skipped} and {@code .failed}.
 */
public final class TimedWork {
    /** A job is due once this much of its period has passed since it last started anywhere. */
    static final double DUE_FRACTION = 0.8;

    private TimedWork() {}

    /**
     * Takes the advisory lock named {@code name} for the rest of {@code h}'s transaction, without waiting; false if
     * another session holds it. Names share PostgreSQL's 64-bit advisory key space through a hash of the name.
     */
    public static boolean tryLock(Handle h, String name) {
        return h.createQuery("SELECT pg_try_advisory_xact_lock(hashtextextended(:name, 0))")
                .bind("name", "action-alerts:" + name).mapTo(Boolean.class).one();
    }

    /** A {@link PeriodicTask} whose runs are shared by every instance on {@code jdbi}'s database. */
    public static PeriodicTask oncePerDeployment(String name, Duration initialDelay, Duration period, Jdbi jdbi,
                                                 MetricRegistry metrics, Runnable work) {
        Duration gap = Duration.ofMillis((long) (period.toMillis() * DUE_FRACTION));
        var ran = metrics.meter(MetricRegistry.name("timed-work", name, "ran"));
        var skipped = metrics.meter(MetricRegistry.name("timed-work", name, "skipped"));
        var failed = metrics.meter(MetricRegistry.name("timed-work", name, "failed"));
        return new PeriodicTask(name, initialDelay, period, () -> {
            boolean didRun;
            try {
                didRun = jdbi.inTransaction(h -> runIfDue(h, name, gap, work));
            } catch (RuntimeException e) {
                failed.mark();
                throw e;
            }
            (didRun ? ran : skipped).mark();
        });
    }

    private static boolean runIfDue(Handle h, String name, Duration gap, Runnable work) {
        if (!tryLock(h, "timed-work:" + name)) {
            return false; // running on another instance right now
        }
        int due = h.createUpdate("""
                INSERT INTO timed_work (job, started_at, runs) VALUES (:job, clock_timestamp(), 1)
                ON CONFLICT (job) DO UPDATE SET started_at = clock_timestamp(), finished_at = NULL,
                                                runs = timed_work.runs + 1
                 WHERE timed_work.started_at <= clock_timestamp() - make_interval(secs => :gap)""")
                .bind("job", name).bind("gap", gap.toMillis() / 1000.0).execute();
        if (due == 0) {
            return false; // another instance ran it recently enough
        }
        work.run();
        h.createUpdate("UPDATE timed_work SET finished_at = clock_timestamp() WHERE job = :job").bind("job", name).execute();
        return true;
    }
}
