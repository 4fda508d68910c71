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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 (found by bench/ResilienceHarness): a freshly started instance's first sends reached the provider
 * bunched together — 106 and 108 in one second at a ceiling of 100 — because the first send runs cold code and the
 * sends scheduled behind it waited for the same class loading and connection set-up. A fresh dispatcher now claims
 * one message and waits for its answer before it claims at full size. Seen at the provider's door: while the first
 * request is still being answered (a slow provider here), no second one has arrived.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DispatcherWarmUpTest {
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "sms.ratePerSecond", "50"));

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @Test
    void aFreshDispatcherSendsOneMessageAndWaitsForItsAnswerBeforeTheRest() throws InterruptedException {
        SmsCampaigns sms = new SmsCampaigns(APP, TWILIO);
        List<String> phones = sms.supporters("warmup", 5);
        TWILIO.latency(Duration.ofSeconds(3));
        long before = TWILIO.requestCount();
        sms.launch("warmup");

        Await.until("the first send reaches the provider", Duration.ofSeconds(20),
                () -> TWILIO.requestCount() > before);
        // At 50/s all five would have been claimed together and arrived within about 100 ms.
        Thread.sleep(400);
        assertThat(TWILIO.requestCount() - before).as("requests while the first is being answered").isEqualTo(1);

        TWILIO.latency(Duration.ZERO);
        Await.until("all five texted", Duration.ofSeconds(30),
                () -> phones.stream().allMatch(p -> TWILIO.messagesTo(p).size() == 1));
        sms.assertEachTextedExactlyOnce(phones);
    }
}
