package org.actionalerts.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With Twilio's Advanced Opt-Out on, Twilio answers STOP, START and HELP itself: we record, and send nothing. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdvancedOptOutTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "publicBaseUrl", PUBLIC, "inbound.twilioAdvancedOptOut", "true"));

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @Test
    void stopStartAndHelpChangeConsentButWeSendNoAnswer() {
        Api staff = TestApp.api(APP).withNewToken("staff");
        Jdbi jdbi = TestApp.jdbi(APP);
        long id = staff.post("/api/v1/supporters", "{\"phone\": \"+13015550701\", \"smsOptIn\": true}").json().get("id").asLong();

        for (String[] text : new String[][] {{"SMadv1", "STOP"}, {"SMadv2", "HELP"}}) {
            assertThat(IncomingTexts.post(staff, PUBLIC, IncomingTexts.text(text[0], "+13015550701", text[1]), true).status())
                    .isEqualTo(200);
            IncomingTexts.awaitProcessed(jdbi, text[0]);
        }
        assertThat(staff.get("/api/v1/supporters/" + id).json().get("smsStatus").asText()).isEqualTo("unsubscribed");
        IncomingTexts.post(staff, PUBLIC, IncomingTexts.text("SMadv3", "+13015550701", "START"), true);
        IncomingTexts.awaitProcessed(jdbi, "SMadv3");
        assertThat(staff.get("/api/v1/supporters/" + id).json().get("smsStatus").asText()).isEqualTo("subscribed");

        int answers = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE supporter_id = :id")
                .bind("id", id).mapTo(Integer.class).one());
        assertThat(answers).isZero();
        assertThat(TWILIO.messagesTo("+13015550701")).isEmpty();
    }

    /**
     * Twilio knows only its keywords; a plain-language opt-out is ours to record. Twilio sends nothing for it and
     * neither do we (the FCC allows one confirmation, it does not require it).
     */
    @Test
    void aPlainLanguageOptOutIsRecordedWithoutAnAnswer() {
        Api staff = TestApp.api(APP).withNewToken("staff");
        Jdbi jdbi = TestApp.jdbi(APP);
        long id = staff.post("/api/v1/supporters", "{\"phone\": \"+13015550702\", \"smsOptIn\": true}").json().get("id").asLong();
        IncomingTexts.post(staff, PUBLIC, IncomingTexts.text("SMadv4", "+13015550702", "Please remove me from this list"), true);
        IncomingTexts.awaitProcessed(jdbi, "SMadv4");
        assertThat(staff.get("/api/v1/supporters/" + id).json().get("smsStatus").asText()).isEqualTo("unsubscribed");
        assertThat(TWILIO.messagesTo("+13015550702")).isEmpty();
    }
}
