package org.actionalerts.campaigns;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches scheduled campaigns when their time comes and marks finished ones completed. Each due campaign is
 * locked with SKIP LOCKED and launched in the same transaction, so with several instances it fires exactly once.
 * Run every second by a {@link org.actionalerts.platform.PeriodicTask}.
 */
public class CampaignScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignScheduler.class);

    private final Jdbi jdbi;
    private final Clock clock;

    public CampaignScheduler(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** One pass: launch what is due, then complete what is done. Returns how many campaigns were launched. */
    public int tick() {
        int launched = jdbi.inTransaction(h -> {
            var due = h.attach(CampaignDao.class).lockDue(clock.instant());
            due.forEach(c -> CampaignService.startSending(h, c, clock.instant()));
            return due.size();
        });
        if (launched > 0) {
            LOG.info("Launched {} scheduled campaign(s)", launched);
        }
        jdbi.useTransaction(h -> h.attach(CampaignDao.class).completeFinished());
        return launched;
    }
}
