package org.actionalerts.assistance;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.accounts.TokenAuthenticator;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.delivery.SmsCountries;
import org.actionalerts.platform.TimedWork;
import org.actionalerts.supporters.SupporterErasure;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the assistance queue: intake (web form, API, and the seam for texts), the case API, stats, retention. */
public final class AssistanceModule {
    private static final Logger LOG = LoggerFactory.getLogger(AssistanceModule.class);

    private AssistanceModule() {}

    /** Returns the intake the inbound SMS router hands assistance texts to. */
    public static CaseIntake register(ActionAlertsConfiguration config, Environment environment, Jdbi jdbi, Clock clock,
                                      ConsentService consent, TokenAuthenticator authenticator) {
        AssistanceSettings settings = config.assistance();
        Opening parts = opening(config, jdbi, clock);
        AuditLog audit = parts.audit();
        Sla sla = parts.sla();
        UrgentNotifier notifier = parts.notifier();
        CaseOpening opening = parts.opening();
        CaseService cases = new CaseService(jdbi, clock, audit);
        HelpRequests requests = new HelpRequests(jdbi, opening, new Requesters(consent), settings.topics(),
                settings.helpRequests().maxMessageChars());
        ClientRateLimiter limiter = new ClientRateLimiter(jdbi, clock, "help-requests", settings.helpRequests().perClient(),
                Duration.ofMillis(settings.helpRequests().window().toMilliseconds()));

        TrustedProxies proxies = settings.helpRequests().proxies();
        if (settings.helpRequests().trustForwardedFor()) {
            LOG.warn("TRUST_FORWARDED_FOR is replaced by TRUSTED_PROXIES and is ignored: X-Forwarded-For is believed "
                    + "only from the addresses in TRUSTED_PROXIES. Unset TRUST_FORWARDED_FOR.");
        }
        environment.jersey().register(new HelpRequestResource(requests, limiter, environment.getObjectMapper(),
                settings.helpRequests(), proxies));
        // One instance at a time looks for ended page windows (TimedWork); the urgent_pages rows make sure one pages.
        Duration checkEvery = Duration.ofMillis(settings.urgentPages().checkEvery().toMilliseconds());
        TimedWork.oncePerDeployment("urgent-pages", checkEvery, checkEvery, jdbi, environment.metrics(),
                notifier::sendDueSummaries).register(environment.lifecycle());
        // Built (and so stopped) before the desk is managed: Dropwizard stops in reverse order, and the answer
        // threads must outlast the desk's writer, which hands them what it writes while stopping.
        int cores = Runtime.getRuntime().availableProcessors();
        ClaimDesk claims = new ClaimDesk(jdbi, clock, environment.metrics(),
                environment.lifecycle().executorService("cases.claim-answers-%d").minThreads(cores).maxThreads(cores).build(),
                environment.lifecycle().executorService("cases.claim").minThreads(1).maxThreads(1).build());
        environment.lifecycle().manage(claims);
        environment.jersey().register(new CaseResource(cases,
                new CaseChanges(jdbi, clock, audit, sla, notifier, settings.topics(), cases),
                new CaseConversation(jdbi, clock, audit, cases), requests));
        var claimServlet = environment.servlets().addServlet("case-claim", new ClaimServlet(claims, authenticator, environment.getObjectMapper(),
                config.limits().jsonBodyBytes()));
        claimServlet.setAsyncSupported(true);
        claimServlet.addMapping(ClaimServlet.PATH);
        environment.jersey().register(new QueueResource(new QueueStats(jdbi, clock)));
        environment.jersey().register(new SavedReplyResource(jdbi, clock));
        if (settings.retentionJob()) {
            // Daily, first a few minutes after start: erase old resolved cases' content and the people who only asked
            // for help in them, forget old rate-limit windows and the times of old acknowledgements.
            Retention retention = new Retention(jdbi, clock, settings.retentionDays(), audit,
                    new SupporterErasure(consent, audit));
            // Once a day for the whole deployment (TimedWork), however many instances run.
            TimedWork.oncePerDeployment("retention", config.timedWork().retentionFirstRun(),
                    Duration.ofDays(1), jdbi, environment.metrics(), () -> {
                retention.run(false);
                limiter.forgetBefore(clock.instant().minus(Duration.ofDays(2)));
                Acknowledgements.forgetBefore(jdbi, clock.instant().minus(Duration.ofDays(2)));
            }).register(environment.lifecycle());
        }
        return parts.intake(settings, clock);
    }

    /** What opening a case needs, shared by the service and the SMS seam. */
    record Opening(AuditLog audit, Routing routing, Sla sla, UrgentNotifier notifier, CaseOpening opening) {
        CaseIntake intake(AssistanceSettings settings, Clock clock) {
            return new CaseIntake(settings, opening, routing, sla, notifier, audit, clock);
        }
    }

    static Opening opening(ActionAlertsConfiguration config, Jdbi jdbi, Clock clock) {
        AssistanceSettings settings = config.assistance();
        AuditLog audit = new AuditLog(jdbi, clock);
        Routing routing = new Routing(settings);
        Sla sla = new Sla(settings);
        Outbox outbox = new Outbox(clock, SmsCountries.parse(config.sms().allowedCountries()));
        UrgentNotifier notifier = new UrgentNotifier(config.publicBaseUrl(), settings.defaultQueue(), outbox, jdbi, clock,
                Duration.ofMillis(settings.urgentPages().window().toMilliseconds()), ZoneId.of(settings.businessTimeZone()));
        return new Opening(audit, routing, sla, notifier, new CaseOpening(routing, sla,
                new Acknowledgements(sla, config.organisation(), outbox, clock), notifier, audit, clock));
    }
}
