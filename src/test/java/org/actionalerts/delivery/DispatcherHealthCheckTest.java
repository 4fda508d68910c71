package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The "dispatcher" entry of /healthcheck: the API can look fine while nothing is sent, so a dispatcher that has
 * stopped claiming while texts are due must say so, and say it is fine again once it sends.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DispatcherHealthCheckTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null,
                    "sms.ratePerSecond", "20",
                    "dispatcher.concurrency", "2",
                    "dispatcher.stalledAfter", "1s"));
    static SmsCampaigns sms;

    @BeforeAll
    static void setUp() {
        sms = new SmsCampaigns(APP, TWILIO);
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @Test
    void idleWithNothingDueIsHealthy() {
        Await.until("the dispatcher check is healthy", PATIENCE, () -> sms.dispatcherHealth().get("healthy").asBoolean());
        assertThat(sms.dispatcherHealth().get("message").asText()).contains("sms").contains("email");
    }

    @Test
    void aDispatcherThatCannotClaimIsUnhealthyWhileTextsWaitAndHealthyOnceItSendsAgain() {
        List<String> phones = sms.supporters("stalled", 6);
        long campaign;
        // Another session holds the SMS rate-limit row: one claim goes through, then waits for its slots, and no
        // further claim is made while texts are due. The database itself stays up.
        try (Handle blocker = sms.jdbi.open()) {
            blocker.begin();
            blocker.execute("SELECT 1 FROM rate_limits WHERE channel = 'sms' FOR UPDATE");
            campaign = sms.launch("stalled");
            Await.until("the dispatcher check turns unhealthy", PATIENCE,
                    () -> !sms.dispatcherHealth().get("healthy").asBoolean());
            assertThat(sms.dispatcherHealth().get("message").asText()).contains("sms").contains("due");
            blocker.rollback();
        }
        Await.until("every text is sent", PATIENCE, () -> sms.withStatus(campaign, "sent") == phones.size());
        sms.assertEachTextedExactlyOnce(phones);
        Await.until("the dispatcher check is healthy again", PATIENCE,
                () -> sms.dispatcherHealth().get("healthy").asBoolean());
    }
}
