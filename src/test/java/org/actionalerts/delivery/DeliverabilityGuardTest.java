package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A campaign whose texts carriers filter pauses itself, says why, and its report shows the failures by code. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeliverabilityGuardTest {
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "deliverability.minSends", "5", "dispatcher.concurrency", "1"));
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
    void aCampaignWhoseTextsAreFilteredPausesItselfWithTheReason() {
        for (int i = 0; i < 30; i++) {
            assertThat(staff.post("/api/v1/supporters", "{\"phone\":\"+1301555" + (4000 + i)
                    + "\",\"tags\":[\"guard\"],\"smsOptIn\":true}").status()).isEqualTo(201);
        }
        long id = staff.post("/api/v1/campaigns", "{\"name\":\"guard\",\"channels\":[\"sms\"],\"audience\":{\"tags\":"
                + "[\"guard\"]},\"sms\":{\"body\":{\"en\":\"Call the sheriff\"}}}").json().get("id").asLong();
        TWILIO.failNext(8, 400, 30007, "Message filtered");
        assertThat(staff.post("/api/v1/campaigns/" + id + "/launch", "").status()).isEqualTo(202);

        Await.until("the campaign pauses", () -> "paused".equals(
                staff.get("/api/v1/campaigns/" + id).json().get("status").asText()));
        JsonNode campaign = staff.get("/api/v1/campaigns/" + id).json();
        assertThat(campaign.get("statusReason").asText()).startsWith("Paused automatically: ")
                .contains("30007 carrier filtering").contains("more than 20 %");
        // Most of the list was not burnt: the rest waits for staff to resume.
        assertThat(campaign.get("stats").get("queued").asInt()).isGreaterThan(10);
        JsonNode report = staff.get("/api/v1/campaigns/" + id + "/report").json();
        assertThat(report.get("failuresByErrorCode").get("30007").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(report.get("failed").asInt()).isEqualTo(report.get("failuresByErrorCode").get("30007").asInt());
    }
}
