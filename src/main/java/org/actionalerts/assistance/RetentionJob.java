package org.actionalerts.assistance;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs retention once a day (first a few minutes after start), and forgets old rate-limit windows. */
public class RetentionJob implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final Retention retention;
    private final ClientRateLimiter limiter;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public RetentionJob(Retention retention, ClientRateLimiter limiter, Clock clock) {
        this.retention = retention;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::runOnce, 5, TimeUnit.DAYS.toMinutes(1), TimeUnit.MINUTES);
    }

    void runOnce() {
        try {
            retention.run(false);
            limiter.forgetBefore(clock.instant().minus(Duration.ofDays(2)));
        } catch (RuntimeException e) {
            // Tomorrow's run tries again; a failure must not stop the schedule.
            LOG.error("Retention run failed", e);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
