package org.actionalerts.actions;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.delivery.ShortLinks;
import org.actionalerts.delivery.SmsCountries;
import org.jdbi.v3.core.Jdbi;

/** Builds the Take Action feature: short links and the /a/ redirect, clicks, actions, reports. */
public final class ActionsModule {
    private ActionsModule() {}

    /** What other features are given: the claim's short links, and where action replies go. */
    public record Parts(ShortLinks links, ActionService actions) {}

    public static Parts register(Environment environment, Jdbi jdbi, Clock clock, ActionSettings settings,
                                 SmsCountries automaticTexts) {
        ActionLinks links = new ActionLinks(jdbi, settings.linkCache());
        ClickRecorder clicks = new ClickRecorder(jdbi, clock, settings.clickFlush().toMilliseconds(),
                settings.maxPendingClicks(), environment.metrics());
        clicks.register(environment.lifecycle());
        ActionService actions = new ActionService(jdbi, clock, new Outbox(clock, automaticTexts), settings.thankYou());
        new ReportPeople(jdbi).register(environment.lifecycle(), environment.metrics());
        CampaignReport reports = new CampaignReport(jdbi);
        environment.jersey().register(new RedirectResource(links, clicks, settings, environment.metrics()));
        environment.jersey().register(new ActionResource(actions));
        environment.jersey().register(new ReportResource(reports));
        environment.jersey().register(new ReportCsvResource(reports));
        return new Parts(links, actions);
    }
}
