package org.actionalerts.platform;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of work on its own thread at a fixed delay for the life of the service. A failed run is logged
 * and the next one goes ahead: one bad pass must not stop the schedule.
 */
public final class PeriodicTask implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration initialDelay;
    private final Duration period;
    private final Runnable work;
    private ScheduledExecutorService executor;

    public PeriodicTask(String name, Duration initialDelay, Duration period, Runnable work) {
        this.name = name;
        this.initialDelay = initialDelay;
        this.period = period;
        this.work = work;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runSafely, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
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

    @Override
    public void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
