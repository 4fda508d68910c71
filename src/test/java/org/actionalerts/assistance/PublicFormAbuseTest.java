package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The public form as a weapon: it cannot make us text other countries, text one number over and over, or bury the
 * on-call attorneys' phones in pages. Through the API, a fake Twilio and a real SMTP server, on a clock the test
 * moves.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PublicFormAbuseTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final String ON_CALL_PHONE = "+12025550143";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final GreenMail MAIL = Providers.startMail();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            Providers.settings(TWILIO, MAIL,
                    "publicBaseUrl", PUBLIC,
                    "assistance.retentionJob", "false",
                    // Every request here comes from the test client; its budget is not what is tested.
                    "assistance.helpRequests.perClient", "1000",
                    "assistance.urgentPages.checkEvery", "100ms"));
    static final AtomicInteger SIDS = new AtomicInteger();
    static Api admin;
    static Api anonymous;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        anonymous = admin.as(null);
        jdbi = TestApp.jdbi(APP);
        admin.post("/api/v1/users", "{\"name\": \"Detention On Call\", \"role\": \"attorney\", \"phone\": \"(202) 555-0143\", "
                + "\"queues\": [\"detention-response\"], \"onCall\": true}");
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
        MAIL.stop();
    }

    static String submit(String json) {
        Api.Reply r = anonymous.post("/api/v1/help-requests", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("reference").asText();
    }

    static JsonNode caseByReference(String reference) {
        for (JsonNode c : admin.get("/api/v1/cases?limit=500").json().get("items")) {
            if (c.get("reference").asText().equals(reference)) {
                return admin.get("/api/v1/cases/" + c.get("id").asLong()).json();
            }
        }
        throw new AssertionError("no case " + reference);
    }

    /** The channels of the case's acknowledgements, from its thread. */
    static List<String> acknowledgements(String reference) {
        List<String> channels = new ArrayList<>();
        caseByReference(reference).get("thread").forEach(m -> {
            if (m.get("kind").asText().equals("acknowledgement")) {
                channels.add(m.get("channel").asText());
            }
        });
        return channels;
    }

    static long outboxTo(String recipient) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE recipient = :r")
                .bind("r", recipient).mapTo(Long.class).one());
    }

    static void texts(String from, String body) {
        String sid = String.format("SM%032d", 900_000 + SIDS.incrementAndGet());
        Api.Reply r = IncomingTexts.post(admin, PUBLIC, IncomingTexts.text(sid, from, body), true);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        IncomingTexts.awaitProcessed(jdbi, sid);
    }

    @Test
    void aNumberOutsideTheAllowedCountriesIsNotTextedButItsCaseOpens() {
        String london = "+442079460018";
        String withEmail = submit("{\"phone\": \"+44 20 7946 0018\", \"email\": \"uk@example.org\", \"message\": \"I need advice\"}");
        assertThat(acknowledgements(withEmail)).as("acknowledged by email instead").containsExactly("email");
        Await.until("the email acknowledgement", () -> Arrays.stream(MAIL.getReceivedMessages())
                .anyMatch(m -> recipient(m).equals("uk@example.org")));

        String phoneOnly = submit("{\"phone\": \"+44 20 7946 0019\", \"message\": \"I need advice too\"}");
        assertThat(caseByReference(phoneOnly).get("status").asText()).isEqualTo("new");
        assertThat(acknowledgements(phoneOnly)).isEmpty();
        assertThat(outboxTo(london)).as("nothing queued for the London numbers").isZero();
        assertThat(outboxTo("+442079460019")).isZero();
        assertThat(TWILIO.messagesTo(london)).isEmpty();
    }

    @Test
    void stopAndHelpFromAnotherCountryAreActedOnWithoutAnAnswer() {
        String uk = "+447700900123";
        texts(uk, "STOP");
        texts(uk, "HELP");
        JsonNode person = admin.get("/api/v1/supporters?q=%2B447700900123").json().get("items").get(0);
        assertThat(person.get("smsStatus").asText()).as("the opt-out is recorded all the same").isEqualTo("unsubscribed");
        assertThat(outboxTo(uk)).isZero();
        // A US number still gets its answer.
        texts("+13015550790", "HELP");
        Await.until("the HELP answer", () -> !TWILIO.messagesTo("+13015550790").isEmpty());
    }

    @Test
    void oneNumberGetsAtMostOneAcknowledgementAnHour() {
        String phone = "+13015550791";
        String json = "{\"phone\": \"" + phone + "\", \"message\": \"I need advice\"}";
        String first = submit(json);
        ClockedApplication.CLOCK.advance(Duration.ofMinutes(10));
        String second = submit(json);
        assertThat(first).isNotEqualTo(second);
        assertThat(acknowledgements(first)).containsExactly("sms");
        assertThat(acknowledgements(second)).as("the case opens, without a second text").isEmpty();
        // The hour counts from the acknowledgement, not from the last request.
        ClockedApplication.CLOCK.advance(Duration.ofMinutes(51));
        String third = submit(json);
        assertThat(acknowledgements(third)).containsExactly("sms");
        Await.until("two acknowledgements", () -> TWILIO.messagesTo(phone).size() == 2);
        assertThat(TWILIO.messagesTo(phone)).extracting(FakeTwilio.Received::body)
                .anySatisfy(b -> assertThat(b).contains(first))
                .anySatisfy(b -> assertThat(b).contains(third))
                .noneSatisfy(b -> assertThat(b).contains(second));
    }

    @Test
    void urgentPagesAreGroupedPerQueue() {
        String words = "My husband was detained by ICE in Frederick";
        String urgent = "{\"name\": \"Rosa\", \"email\": \"rosa.u@example.org\", \"topic\": \"detainer\", \"message\": \"" + words + "\"}";
        Instant firstAt = ClockedApplication.CLOCK.instant();
        String first = submit(urgent);
        ClockedApplication.CLOCK.advance(Duration.ofSeconds(20));
        String second = submit(urgent);
        ClockedApplication.CLOCK.advance(Duration.ofSeconds(20));
        String third = submit(urgent);
        assertThat(caseByReference(third).get("queue").asText()).isEqualTo("detention-response");
        assertThat(caseByReference(third).get("priority").asText()).isEqualTo("urgent");
        assertThat(outboxTo(ON_CALL_PHONE)).as("one page for three urgent cases so far").isEqualTo(1);
        List<FakeTwilio.Received> pages = awaitTexts(ON_CALL_PHONE, 1);
        assertThat(pages.get(0).body()).contains(first, PUBLIC + "/queue#" + caseByReference(first).get("id").asLong())
                .doesNotContain(second, third);

        // The window ends: one page says how many more came.
        ClockedApplication.CLOCK.advance(Duration.ofMinutes(5));
        pages = awaitTexts(ON_CALL_PHONE, 2);
        String since = DateTimeFormatter.ofPattern("HH:mm").format(firstAt.atZone(ZoneId.of("America/New_York")));
        assertThat(pages.get(1).body()).isEqualTo("2 more URGENT help requests in queue detention-response since "
                + since + ". Open: " + PUBLIC + "/queue");
        for (FakeTwilio.Received page : pages) {
            assertThat(page.body()).doesNotContain("husband", "detained", "Frederick", "Rosa", "rosa.u@example.org");
        }

        // Quiet for longer than the window: the next urgent case pages at once again.
        ClockedApplication.CLOCK.advance(Duration.ofMinutes(6));
        String fourth = submit(urgent);
        pages = awaitTexts(ON_CALL_PHONE, 3);
        assertThat(pages.get(2).body()).contains(fourth);
        assertThat(outboxTo(ON_CALL_PHONE)).isEqualTo(3);
    }

    static List<FakeTwilio.Received> awaitTexts(String to, int count) {
        Await.until(count + " texts to " + to, () -> TWILIO.messagesTo(to).size() >= count);
        return TWILIO.messagesTo(to);
    }

    static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
