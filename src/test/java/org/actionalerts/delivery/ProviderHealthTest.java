package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, "the provider keeps failing": the "sms" entry of /healthcheck turns unhealthy while every send fails
 * (Twilio answers 503 to all of them), says why, and is healthy again once Twilio takes a text.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProviderHealthTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null,
                    "sms.ratePerSecond", "50",
                    "dispatcher.maxAttempts", "100",
                    "dispatcher.retryBase", "100ms",
                    "dispatcher.retryMax", "300ms"));
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
    void theSmsCheckIsUnhealthyWhileEverySendFailsAndHealthyAfterASuccess() {
        assertThat(smsHealth().get("healthy").asBoolean()).as(smsHealth().toString()).isTrue();
        List<String> phones = sms.supporters("failing", 3);

        TWILIO.failNextWithStatus(100_000, 503);
        long campaign = sms.launch("failing");
        Await.until("the sms check is unhealthy", PATIENCE, () -> !smsHealth().get("healthy").asBoolean());
        assertThat(smsHealth().get("message").asText()).contains("keeps failing").contains("transient");
        assertThat(APP.getEnvironment().metrics().getMeters().keySet())
                .anyMatch(name -> name.startsWith("delivery.sms.errors."));

        TWILIO.reset(); // Twilio answers again
        Await.until("the sms check is healthy again", PATIENCE, () -> smsHealth().get("healthy").asBoolean());
        Await.until("every text is sent", PATIENCE, () -> sms.withStatus(campaign, "sent") == phones.size());
        sms.assertEachTextedExactlyOnce(phones);
    }

    static JsonNode smsHealth() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + APP.getAdminPort() + "/healthcheck")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body()).get("sms");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
