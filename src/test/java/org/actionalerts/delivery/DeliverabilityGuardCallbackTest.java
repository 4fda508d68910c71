package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.inbound.TwilioSignature;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guard on the status-callback path: Twilio accepts every text of a campaign, then its signed status callbacks
 * say many of them were filtered by the carriers (30007). Once the failures pass the configured share of the
 * campaign's last 200 sends, the campaign pauses itself with a reason staff can read, and its report shows the
 * failures by error code.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeliverabilityGuardCallbackTest {
    static final FakeTwilio TWILIO = FakeTwilio.start();
    /** The first texts meet a Twilio outage and wait an hour for their retry: the campaign is still sending. */
    static final int RETRYING = 20;
    static final int WINDOW = 200;
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "deliverability.maxFailureShare", "0.25",
                    "dispatcher.retryBase", "1h", "dispatcher.retryMax", "2h"));
    static Api staff;

    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @Test
    void filteredDeliveryReportsPauseTheCampaignOnceTheyPassTheShareOfTheLast200Sends() throws Exception {
        for (int i = 0; i < WINDOW + RETRYING; i++) {
            assertThat(staff.post("/api/v1/supporters", "{\"phone\":\"+1301556" + (4000 + i)
                    + "\",\"tags\":[\"guard-callback\"],\"smsOptIn\":true}").status()).isEqualTo(201);
        }
        long id = staff.post("/api/v1/campaigns", "{\"name\":\"guard callback\",\"channels\":[\"sms\"],\"audience\":"
                + "{\"tags\":[\"guard-callback\"]},\"sms\":{\"body\":{\"en\":\"Call the sheriff\"}}}").json().get("id").asLong();
        TWILIO.failNextWithStatus(RETRYING, 503);
        assertThat(staff.post("/api/v1/campaigns/" + id + "/launch", "").status()).isEqualTo(202);

        Await.until("Twilio accepted " + WINDOW + " texts and the rest wait for their retry", () -> {
            JsonNode stats = campaign(id).get("stats");
            return stats.get("sent").asInt() == WINDOW && stats.get("queued").asInt() == RETRYING;
        });
        List<FakeTwilio.Received> texts = TWILIO.messages();
        assertThat(texts).hasSize(WINDOW);
        // Every text was accepted: nothing failed on sending, so only the callbacks can pause the campaign.
        assertThat(campaign(id).get("status").asText()).isEqualTo("sending");

        // Every third report says the carrier filtered the text (as "undelivered" or "failed", like Twilio), the
        // others that it was delivered. 25 % of 200 is 50: the 50th failure is still allowed, the 51st is not.
        int failures = 0;
        for (int i = 0; failures < 51; i++) {
            FakeTwilio.Received text = texts.get(i);
            assertThat(callback(text, "sent", null)).isEqualTo(204);
            if (i % 3 == 0) {
                failures++;
                if (failures == 51) {
                    assertThat(campaign(id).get("status").asText()).as("after 50 of 200 failed").isEqualTo("sending");
                }
                assertThat(callback(text, failures % 2 == 0 ? "failed" : "undelivered", "30007")).isEqualTo(204);
            } else {
                assertThat(callback(text, "delivered", null)).isEqualTo(204);
            }
        }

        JsonNode campaign = campaign(id);
        assertThat(campaign.get("status").asText()).isEqualTo("paused");
        assertThat(campaign.get("statusReason").asText())
                .startsWith("Paused automatically: 51 of the last 200 sms messages failed")
                .contains("30007 carrier filtering: 51").contains("more than 25 %");
        // The texts waiting for their retry are not sent while the campaign is paused.
        assertThat(campaign.get("stats").get("queued").asInt()).isEqualTo(RETRYING);

        JsonNode report = staff.get("/api/v1/campaigns/" + id + "/report").json();
        assertThat(report.get("failuresByErrorCode").get("30007").asInt()).isEqualTo(51);
        assertThat(report.get("failuresByErrorCode").size()).isEqualTo(1);
        assertThat(report.get("failed").asInt()).isEqualTo(51);
        assertThat(report.get("delivered").asInt()).isEqualTo(100);
    }

    static JsonNode campaign(long id) {
        return staff.get("/api/v1/campaigns/" + id).json();
    }

    /** A status callback as Twilio makes it: to the message's StatusCallback URL, signed over that public URL. */
    static int callback(FakeTwilio.Received text, String status, String errorCode) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        params.put("MessageSid", text.sid());
        params.put("MessageStatus", status);
        params.put("To", text.to());
        params.put("From", text.from());
        params.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            params.put("ErrorCode", errorCode);
        }
        String signature = org.actionalerts.support.TwilioSignatures.compute(FakeTwilio.AUTH_TOKEN, text.statusCallback(), params);
        String body = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return staff.as(null).sendWithHeader(URI.create(text.statusCallback()).getRawPath(), "POST",
                "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8),
                TwilioSignature.HEADER, signature).status();
    }
}
