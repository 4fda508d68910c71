package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Duration;
import java.util.List;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a graceful stop (what SIGTERM does: Dropwizard stops its managed objects) in the middle of a campaign
 * must leave no row leased. The dispatcher stops claiming, the sends it has scheduled go out, and their answers
 * are recorded; a row left "sending" would wait out its lease and then the reconciler. A slow Twilio keeps sends in
 * flight at the moment of the stop. Started and stopped by the test, not by the JUnit extension.
 */
class GracefulStopTest {
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "sms.ratePerSecond", "10"));
    static boolean running;

    @AfterAll
    static void tearDown() {
        if (running) {
            APP.after();
        }
        TWILIO.close();
    }

    @Test
    void aStopMidCampaignLeavesNoMessageLeased() throws Exception {
        APP.before();
        running = true;
        SmsCampaigns sms = new SmsCampaigns(APP, TWILIO);
        Jdbi jdbi = sms.jdbi;
        List<String> phones = sms.supporters("graceful", 40);
        assertThat(phones).hasSize(40);
        TWILIO.latency(Duration.ofMillis(300));
        long campaign = sms.launch("graceful");
        Await.until("some texts are out", () -> TWILIO.messages().size() >= 5);

        List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
        assertThat(threads).as("a sender thread of the SMS channel").anyMatch(n -> n.matches("dispatcher-sms-send-\\d+"));
        assertThat(threads).as("threads named per channel")
                .contains("dispatcher-sms-claim", "dispatcher-sms-record", "dispatcher-email-claim", "dispatcher-email-record")
                .as("the service's other threads, each on a managed executor")
                .contains("inbound-processor", "inbound.store", "cases.claim", "expired-sessions", "click-recorder");

        APP.after(); // the lifecycle stop a SIGTERM runs
        running = false;
        Await.until("the stopped service's threads have ended", () -> Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName).noneMatch(n -> n.startsWith("dispatcher-") || List.of("inbound-processor",
                        "inbound.store", "cases.claim", "expired-sessions", "click-recorder").contains(n)));

        assertThat(sms.withStatus(campaign, "sending")).as("rows left leased").isZero();
        int sent = sms.withStatus(campaign, "sent");
        assertThat(sms.withStatus(campaign, "queued")).as("stopped mid-campaign").isPositive();
        assertThat(sent).as("every text Twilio took is recorded as sent").isEqualTo(TWILIO.messages().size());
        int leased = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE lease_until IS NOT NULL")
                .mapTo(Integer.class).one());
        assertThat(leased).as("rows with a lease").isZero();
    }
}
