package org.actionalerts.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.actionalerts.support.TurkishDefaultLocale;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service reads and changes consent the same way when the JVM's default locale is Turkish, where
 * {@code "subscribed".toUpperCase()} is "SUBSCRİBED": sign-up, STOP, the unsubscribe link and START.
 */
@ExtendWith({DropwizardExtensionsSupport.class, TurkishDefaultLocale.class})
class ConsentUnderTurkishLocaleTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "publicBaseUrl", PUBLIC));

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @Test
    void optInStopUnsubscribeAndStartAllTakeEffect() {
        Api staff = TestApp.api(APP).withNewToken("staff");
        Jdbi jdbi = TestApp.jdbi(APP);
        String phone = "+13015550881";
        long id = staff.post("/api/v1/supporters", "{\"phone\": \"" + phone + "\", \"email\": \"ilkay@example.org\", "
                + "\"smsOptIn\": true, \"emailOptIn\": true}").json().get("id").asLong();
        assertThat(statuses(staff, id)).containsExactly("subscribed", "subscribed");

        IncomingTexts.post(staff, PUBLIC, IncomingTexts.text("SMtr1", phone, "STOP"), true);
        IncomingTexts.awaitProcessed(jdbi, "SMtr1");
        assertThat(statuses(staff, id)).containsExactly("unsubscribed", "subscribed");

        UUID token = jdbi.withHandle(h -> h.createQuery("SELECT email_unsubscribe_token FROM supporters WHERE id = :id")
                .bind("id", id).mapTo(UUID.class).one());
        assertThat(staff.as(null).send("/unsubscribe/" + token, "POST", "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(statuses(staff, id)).containsExactly("unsubscribed", "unsubscribed");

        IncomingTexts.post(staff, PUBLIC, IncomingTexts.text("SMtr2", phone, "START"), true);
        IncomingTexts.awaitProcessed(jdbi, "SMtr2");
        assertThat(statuses(staff, id)).containsExactly("subscribed", "unsubscribed");

        List<String> history = new ArrayList<>();
        for (JsonNode e : staff.get("/api/v1/supporters/" + id + "/consent").json().get("items")) {
            history.add(e.get("channel").asText() + " " + e.get("status").asText() + " " + e.get("source").asText());
        }
        assertThat(history).containsExactly("sms subscribed api", "email subscribed api", "sms unsubscribed sms-keyword",
                "email unsubscribed unsubscribe-link", "sms subscribed sms-keyword");
    }

    private static List<String> statuses(Api staff, long id) {
        JsonNode s = staff.get("/api/v1/supporters/" + id).json();
        return List.of(s.get("smsStatus").asText(), s.get("emailStatus").asText());
    }
}
