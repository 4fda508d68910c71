package org.actionalerts.platform;

import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of work on its own thread at a fixed delay for the life of the service. A failed run is logged
 * and the next one goes ahead: one bad pass must not stop the schedule.
 */
public final class PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration initialDelay;
    private final Duration period;
    private final Runnable work;

    public PeriodicTask(String name, Duration initialDelay, Duration period, Runnable work) {
        this.name = name;
        this.initialDelay = initialDelay;
        this.period = period;
        this.work = work;
    }

    /**
     * Runs the task for the life of {@code lifecycle}, on a managed scheduled executor of one thread named after
     * the task. The task's own stop (registered after the executor, so run before its manager's) interrupts a run in
     * progress and waits up to 10 s for it.
     */
    public void register(LifecycleEnvironment lifecycle) {
        ScheduledExecutorService executor = lifecycle.scheduledExecutorService(name, true).threads(1).build();
        lifecycle.manage(new Managed() {
            @Override
            public void start() {
                executor.scheduleWithFixedDelay(PeriodicTask.this::runSafely, initialDelay.toMillis(), period.toMillis(),
                        TimeUnit.MILLISECONDS);
            }

            @Override
            public void stop() throws InterruptedException {
                executor.shutdownNow();
                executor.awaitTermination(10, TimeUnit.SECONDS);
            }
        });
    }

    private void runSafely() {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (org.actionalerts.platform.errors.DatabaseUnavailable.causedIt(e)) {
                LOG.warn("{} could not reach the database ({}); it runs again in {}", name, e.getClass().getSimpleName(), period);
            } else {
                LOG.error("{} failed; it runs again in {}", name, period, e);
            }
        }
    }
}
