package org.actionalerts.campaigns;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.time.Duration;
import org.actionalerts.delivery.ShortLinks;
import org.actionalerts.platform.TimedWork;
import org.jdbi.v3.core.Jdbi;

/** Builds the campaigns feature: API, renderer, and the scheduler that fires campaigns at their sendAt. */
public final class CampaignsModule {
    private CampaignsModule() {}

    public static CampaignService register(Environment environment, Jdbi jdbi, Clock clock, CampaignRenderer renderer,
                                           ShortLinks links, boolean runScheduler) {
        CampaignService campaigns = new CampaignService(jdbi, clock, renderer, links);
        environment.jersey().register(new CampaignResource(campaigns));
        if (runScheduler) {
            CampaignScheduler scheduler = new CampaignScheduler(jdbi, clock);
            // Once a second for the deployment, whichever instance's turn comes first (TimedWork).
            TimedWork.oncePerDeployment("campaign-scheduler", Duration.ZERO, Duration.ofSeconds(1), jdbi,
                    environment.metrics(), scheduler::tick).register(environment.lifecycle());
        }
        return campaigns;
    }
}
