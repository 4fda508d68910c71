package org.actionalerts.campaigns;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches scheduled campaigns when their time comes and marks finished ones completed. Each due campaign is
 * locked with SKIP LOCKED and launched in the same transaction, so with several instances it fires exactly once.
 */
public class CampaignScheduler implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignScheduler.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public CampaignScheduler(Jdbi jdbi, Clock clock, Duration interval) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "campaign-scheduler"));
        executor.scheduleWithFixedDelay(this::tickSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Campaign scheduler tick failed; will retry", e);
        }
    }

    /** One pass: launch what is due, then complete what is done. Returns how many campaigns were launched. */
    public int tick() {
        int launched = jdbi.inTransaction(h -> {
            var due = h.attach(CampaignDao.class).lockDue(clock.instant());
            due.forEach(c -> CampaignService.startSending(h, c));
            return due.size();
        });
        if (launched > 0) {
            LOG.info("Launched {} scheduled campaign(s)", launched);
        }
        jdbi.useTransaction(h -> h.attach(CampaignDao.class).completeFinished());
        return launched;
    }
}
