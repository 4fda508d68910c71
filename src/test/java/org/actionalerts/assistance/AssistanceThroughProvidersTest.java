package org.actionalerts.assistance;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The assistance queue end to end through a fake Twilio and a real SMTP server: texts in, acknowledgements and
 * replies out, urgent alerts to the on-call attorney that carry a reference and a link but never the request.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AssistanceThroughProvidersTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final String ON_CALL_PHONE = "+12025550142";
    static final String ON_CALL_EMAIL = "oncall@example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final GreenMail MAIL = Providers.startMail();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, MAIL,
            "publicBaseUrl", PUBLIC,
            "assistance.retentionJob", "false",
            // Each urgent case pages at once: these tests are about what a page says (UrgentPageTest groups them).
            "assistance.urgentPages.window", "0s"));
    static final AtomicInteger SIDS = new AtomicInteger();
    static Api admin;
    static Api attorney;


    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        long user = admin.post("/api/v1/users", "{\"name\": \"On Call\", \"role\": \"attorney\", \"phone\": \"(202) 555-0142\", "
                + "\"email\": \"" + ON_CALL_EMAIL + "\", \"queues\": [\"state-local-advocacy\"], \"onCall\": true}").json().get("id").asLong();
        attorney = admin.as(admin.post("/api/v1/tokens", "{\"name\": \"on-call\", \"role\": \"attorney\", \"userId\": " + user + "}")
                .json().get("token").asText());
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
        MAIL.stop();
    }

    /** Texts us and waits until the service has acted on the text (the webhook stores it; a processor decides). */
    static void texts(String from, String body) {
        String sid = String.format("SM%032d", SIDS.incrementAndGet());
        Api.Reply r = IncomingTexts.post(admin, PUBLIC, IncomingTexts.text(sid, from, body), true);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        IncomingTexts.awaitProcessed(TestApp.jdbi(APP), sid);
    }

    static JsonNode caseByReference(String reference) {
        for (JsonNode c : attorney.get("/api/v1/cases?limit=500").json().get("items")) {
            if (c.get("reference").asText().equals(reference)) {
                return attorney.get("/api/v1/cases/" + c.get("id").asLong()).json();
            }
        }
        throw new AssertionError("no case " + reference);
    }

    static String referenceIn(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("HR-[A-Z0-9]{4}-[A-Z0-9]{2}").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group();
    }

    @Test
    void urgentRequestAlertsTheOnCallAttorneyWithoutTheRequestersWords() throws Exception {
        String words = "Mi hermano fue detenido por la migra en Frederick";
        Api.Reply r = admin.as(null).post("/api/v1/help-requests",
                "{\"name\": \"Luis\", \"email\": \"luis@example.org\", \"language\": \"es\", \"message\": \"" + words + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String reference = r.json().get("reference").asText();
        JsonNode c = caseByReference(reference);
        assertThat(c.get("priority").asText()).isEqualTo("urgent");
        String link = PUBLIC + "/queue#" + c.get("id").asLong();

        List<FakeTwilio.Received> sms = awaitTexts(ON_CALL_PHONE, 1);
        assertThat(sms.get(0).body()).contains(reference, link).doesNotContain("hermano", "detenido", "migra", "Frederick", "Luis");

        Await.until("emails to the attorney and the requester", () -> Arrays.stream(MAIL.getReceivedMessages())
                .map(AssistanceThroughProvidersTest::address).collect(Collectors.toSet())
                .containsAll(List.of(ON_CALL_EMAIL, "luis@example.org")));
        MimeMessage alert = Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> address(m).equals(ON_CALL_EMAIL)).findFirst().orElseThrow();
        String text = alert.getSubject() + "\n" + content(alert);
        assertThat(text).contains(reference, link).doesNotContain("hermano", "detenido", "migra", "Frederick", "Luis");
        // The requester's acknowledgement, in Spanish, with the one-hour promise of an urgent case.
        MimeMessage ack = Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> address(m).equals("luis@example.org")).findFirst().orElseThrow();
        assertThat(content(ack)).contains(reference, "1 hora");
    }

    @Test
    void aTextedRequestIsClaimedAnsweredByTextAndTheThreadGrows() {
        String phone = "+13015550610";
        texts(phone, "  ¡Ayuda legal! ");
        String ack = awaitTexts(phone, 1).get(0).body();
        String reference = referenceIn(ack);
        assertThat(ack).contains("Recibimos su solicitud", "Immigrant Rights Now");

        JsonNode claimed = attorney.post("/api/v1/cases/claim?queue=state-local-advocacy", "").json();
        assertThat(claimed.get("reference").asText()).isEqualTo(reference);
        long id = claimed.get("id").asLong();
        Api.Reply reply = attorney.post("/api/v1/cases/" + id + "/replies", "{\"channel\": \"sms\", \"body\": \"Hola, soy abogada. ¿Dónde está su familiar?\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        List<FakeTwilio.Received> out = awaitTexts(phone, 2);
        assertThat(out.get(1).body()).isEqualTo("Hola, soy abogada. ¿Dónde está su familiar?");
        Await.until("the reply shows as sent", () -> lastOut(id).get("status").asText().equals("sent"));

        texts(phone, "En la cárcel del condado");
        JsonNode c = attorney.get("/api/v1/cases/" + id).json();
        assertThat(c.get("thread")).extracting(e -> e.get("direction").asText() + ":" + e.get("kind").asText())
                .containsExactly("in:message", "out:acknowledgement", "out:message", "in:message");
        assertThat(c.get("thread").get(3).get("body").asText()).isEqualTo("En la cárcel del condado");
        assertThat(c.get("thread").get(3).get("status").asText()).isEqualTo("received");
        assertThat(c.get("firstResponseAt").isNull()).isFalse();
        assertThat(awaitTexts(phone, 2)).hasSize(2); // no second acknowledgement for the same case
    }

    @Test
    void noTextToARequesterWhoUnsubscribed() {
        String phone = "+13015550620";
        admin.post("/api/v1/supporters", "{\"phone\": \"" + phone + "\", \"email\": \"sub@example.org\", \"smsOptIn\": true}");
        texts(phone, "STOP");
        Api.Reply opened = admin.post("/api/v1/help-requests", "{\"phone\": \"" + phone + "\", \"message\": \"I need advice\"}");
        assertThat(opened.status()).isEqualTo(201);
        JsonNode c = caseByReference(opened.json().get("reference").asText());
        // The acknowledgement went by email, the channel still open.
        assertThat(c.get("thread").get(1).get("channel").asText()).isEqualTo("email");
        JsonNode refused = assertError(attorney.post("/api/v1/cases/" + c.get("id").asLong() + "/replies",
                "{\"channel\": \"sms\", \"body\": \"hello\"}"), 409);
        assertThat(refused.get("message").asText()).contains("unsubscribed", "email");
        assertThat(refused.get("alternativeChannel").asText()).isEqualTo("email");
        assertThat(attorney.post("/api/v1/cases/" + c.get("id").asLong() + "/replies",
                "{\"channel\": \"email\", \"body\": \"hello by email\"}").status()).isEqualTo(202);
        assertThat(TWILIO.messagesTo(phone)).extracting(FakeTwilio.Received::body).noneMatch(b -> b.contains("hello"));
    }

    static JsonNode lastOut(long id) {
        JsonNode thread = attorney.get("/api/v1/cases/" + id).json().get("thread");
        return thread.get(thread.size() - 1);
    }

    static List<FakeTwilio.Received> awaitTexts(String to, int count) {
        Await.until(count + " texts to " + to, () -> TWILIO.messagesTo(to).size() >= count);
        return TWILIO.messagesTo(to);
    }

    static String content(MimeMessage m) {
        try {
            return m.getContent() instanceof String s ? s : GreenMailUtil.getBody(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String address(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Staff see a supporter's alerts, consent texts and campaign replies, never a word of a case. */
    @Test
    void aStaffTokenReadsNoCaseContentInTheMessageHistory() {
        String phone = "+13015550630";
        Api staff = admin.withNewToken("staff");
        long person = staff.post("/api/v1/supporters", "{\"phone\": \"" + phone + "\", \"smsOptIn\": true}").json().get("id").asLong();
        texts(phone, "LEGAL");
        texts(phone, "my brother was detained this morning");
        JsonNode c = attorney.get("/api/v1/cases?limit=500").json().get("items");
        long caseId = -1;
        for (JsonNode item : c) {
            JsonNode full = attorney.get("/api/v1/cases/" + item.get("id").asLong()).json();
            if (phone.equals(full.get("requester").get("phone").asText())) {
                caseId = full.get("id").asLong();
            }
        }
        assertThat(attorney.post("/api/v1/cases/" + caseId + "/replies", "{\"channel\": \"sms\", \"body\": \"We will call you\"}")
                .status()).isEqualTo(202);
        texts(phone, "HELP");

        JsonNode history = staff.get("/api/v1/supporters/" + person + "/messages").json();
        assertThat(history.toString()).doesNotContain("\"body\":\"LEGAL\"").doesNotContain("detained").doesNotContain("We will call you")
                .doesNotContain("HR-").doesNotContain("case-ack").doesNotContain("case-reply");
        List<String> kinds = new java.util.ArrayList<>();
        history.get("items").forEach(m -> kinds.add(m.get("direction").asText() + ":" + m.get("kind").asText()));
        assertThat(kinds).as("the HELP text and its answer stay: they are not case content")
                .containsExactly("in:help", "out:auto-reply");
    }
}
