package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;

/** Supporters, SMS campaigns and what became of them, as the dispatcher tests need them; all through the API. */
final class SmsCampaigns {
    private static final AtomicInteger PHONES = new AtomicInteger();

    private final DropwizardAppExtension<ActionAlertsConfiguration> app;
    private final FakeTwilio twilio;
    final Api staff;
    final Jdbi jdbi;

    SmsCampaigns(DropwizardAppExtension<ActionAlertsConfiguration> app, FakeTwilio twilio) {
        this.app = app;
        this.twilio = twilio;
        this.staff = TestApp.api(app).withNewToken("staff");
        this.jdbi = TestApp.jdbi(app);
    }

    /** {@code n} supporters subscribed to texts and tagged {@code tag}; returns their phone numbers. */
    List<String> supporters(String tag, int n) {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String phone = String.format("+1301555%04d", 4000 + PHONES.incrementAndGet());
            Api.Reply r = staff.post("/api/v1/supporters", "{\"firstName\":\"Ana\",\"phone\":\"" + phone
                    + "\",\"tags\":[\"" + tag + "\"],\"smsOptIn\":true}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            made.add(phone);
        }
        return made;
    }

    long launch(String tag) {
        Api.Reply created = staff.post("/api/v1/campaigns", "{\"name\":\"" + tag + "\",\"channels\":[\"sms\"],"
                + "\"audience\":{\"tags\":[\"" + tag + "\"]},\"sms\":{\"body\":{\"en\":\"Call the sheriff today\"}}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        Api.Reply launched = staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]);
        assertThat(launched.status()).as(launched.body()).isEqualTo(202);
        return id;
    }

    int withStatus(long campaign, String status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE campaign_id = :c AND status = :s")
                .bind("c", campaign).bind("s", status).mapTo(Integer.class).one());
    }

    void assertEachTextedExactlyOnce(List<String> phones) {
        for (int i = 0; i < phones.size(); i++) {
            assertThat(twilio.messagesTo(phones.get(i))).as("texts to supporter #" + i).hasSize(1);
        }
    }

    /** The "dispatcher" entry of /healthcheck on the admin port. */
    JsonNode dispatcherHealth() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + app.getAdminPort() + "/healthcheck")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body()).get("dispatcher");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
