package org.actionalerts.campaigns;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** Builds the campaigns feature: API, renderer, and the scheduler that fires campaigns at their sendAt. */
public final class CampaignsModule {
    private CampaignsModule() {}

    public static CampaignService register(Environment environment, Jdbi jdbi, Clock clock, CampaignRenderer renderer,
                                           boolean runScheduler) {
        CampaignService campaigns = new CampaignService(jdbi, clock, renderer);
        environment.jersey().register(new CampaignResource(campaigns));
        if (runScheduler) {
            environment.lifecycle().manage(new CampaignScheduler(jdbi, clock, Duration.ofSeconds(1)));
        }
        return campaigns;
    }
}
