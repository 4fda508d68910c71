package org.actionalerts.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.actionalerts.support.TwilioSignatures;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Supporters texting us, end to end: signed webhooks in, consent changes, answers out through Twilio. */
@ExtendWith(DropwizardExtensionsSupport.class)
class InboundSmsTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null,
            "sms.ratePerSecond", "10",
            "publicBaseUrl", PUBLIC,
            "organisation.helpContact", "help@example.org",
            "inbound.replyWindow", "3s"));
    static final AtomicInteger SIDS = new AtomicInteger();
    static Api staff;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    static String newSid() {
        return String.format("SM%032d", SIDS.incrementAndGet());
    }

    static Map<String, String> text(String sid, String from, String body) {
        return IncomingTexts.text(sid, from, body);
    }

    static Api.Reply post(Map<String, String> params, boolean sign) {
        return IncomingTexts.post(staff, PUBLIC, params, sign);
    }

    /** Texts us and waits until the service has acted on it (the webhook only stores it; a processor decides). */
    static Api.Reply texts(String from, String body) {
        String sid = newSid();
        Api.Reply reply = post(text(sid, from, body), true);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/xml");
        awaitProcessed(sid);
        return reply;
    }

    static void awaitProcessed(String sid) {
        IncomingTexts.awaitProcessed(jdbi, sid);
    }

    static JsonNode supporterByPhone(String phone) {
        JsonNode items = staff.get("/api/v1/supporters?q=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)).json().get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    static long supporter(String phone, String language, boolean smsOptIn) {
        return staff.post("/api/v1/supporters", "{\"phone\":\"" + phone + "\",\"language\":\"" + language + "\",\"smsOptIn\":" + smsOptIn + "}")
                .json().get("id").asLong();
    }

    static List<FakeTwilio.Received> awaitTexts(String to, int count) {
        Await.until(count + " texts to " + to, () -> TWILIO.messagesTo(to).size() >= count);
        return TWILIO.messagesTo(to);
    }

    static int inboundRows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM inbound_messages").mapTo(Integer.class).one());
    }

    @Test
    void signUpByTextOfAnUnknownNumber() {
        texts("+13015550501", "START");
        JsonNode person = supporterByPhone("+13015550501");
        assertThat(person.get("smsStatus").asText()).isEqualTo("subscribed");
        String confirmation = awaitTexts("+13015550501", 1).get(0).body();
        assertThat(confirmation).contains("Immigrant Rights Now", "Msg & data rates may apply", "STOP", "msgs/month");

        JsonNode history = staff.get("/api/v1/supporters/" + person.get("id").asLong() + "/messages").json().get("items");
        assertThat(history).extracting(m -> m.get("direction").asText() + ":" + m.get("kind").asText())
                .containsExactly("in:opt-in", "out:auto-reply");
        assertThat(staff.get("/api/v1/supporters/" + person.get("id").asLong() + "/consent").json().get("items").get(0)
                .get("source").asText()).isEqualTo("sms-keyword");
    }

    @Test
    void anUnknownNumberTextingSomethingElseGetsNoAlertsConsent() {
        texts("+13015550502", "Hola, ¿qué es esto?");
        assertThat(supporterByPhone("+13015550502").get("smsStatus").asText()).isEqualTo("none");
    }

    @Test
    void aNumberAnErasedPersonHadUnsubscribedStaysOptedOutWhenItTextsUsAgain() {
        Api.Reply made = staff.post("/api/v1/supporters", "{\"phone\":\"+13015550561\",\"smsOptIn\":true}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        texts("+13015550561", "STOP");
        assertThat(staff.delete("/api/v1/supporters/" + made.json().get("id").asLong()).status()).isEqualTo(204);

        texts("+13015550561", "hola, soy yo otra vez");
        assertThat(supporterByPhone("+13015550561").get("smsStatus").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void stopUnsubscribesAndConfirmsInTheSupportersLanguageOnceEvenWhenTwilioRetries() {
        supporter("+13015550503", "es", true);
        Map<String, String> stop = text(newSid(), "+13015550503", "Parar");
        assertThat(post(stop, true).status()).isEqualTo(200);
        assertThat(post(stop, true).status()).isEqualTo(200); // Twilio retrying the same MessageSid
        awaitProcessed(stop.get("MessageSid"));
        assertThat(supporterByPhone("+13015550503").get("smsStatus").asText()).isEqualTo("unsubscribed");
        String confirmation = awaitTexts("+13015550503", 1).get(0).body();
        assertThat(confirmation).contains("Immigrant Rights Now", "START", "cancelado");
        int rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM inbound_messages WHERE message_sid = :s")
                .bind("s", stop.get("MessageSid")).mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(1);
        Await.until("no second confirmation could still be queued", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM outbox WHERE recipient = '+13015550503' AND status = 'queued'").mapTo(Integer.class).one()) == 0);
        assertThat(TWILIO.messagesTo("+13015550503")).hasSize(1);
    }

    @Test
    void aFreeTextOptOutCounts() {
        supporter("+13015550504", "en", true);
        texts("+13015550504", "Please stop texting me!");
        assertThat(supporterByPhone("+13015550504").get("smsStatus").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void theFccsStopWordsAndPlainLanguageUnsubscribeInEnglishAndSpanish() {
        supporter("+13015550521", "en", true);
        texts("+13015550521", "STOP ALL");
        assertThat(supporterByPhone("+13015550521").get("smsStatus").asText()).isEqualTo("unsubscribed");
        assertThat(awaitTexts("+13015550521", 1).get(0).body()).contains("unsubscribed");

        supporter("+13015550522", "es", true);
        texts("+13015550522", "¡Quítenme de la lista, por favor!");
        assertThat(supporterByPhone("+13015550522").get("smsStatus").asText()).isEqualTo("unsubscribed");
        assertThat(awaitTexts("+13015550522", 1).get(0).body()).contains("cancelado");

        // A number we do not know, writing in Spanish, is answered in Spanish.
        texts("+13015550523", "No me manden más mensajes 🙏");
        assertThat(supporterByPhone("+13015550523").get("language").asText()).isEqualTo("es");
        assertThat(awaitTexts("+13015550523", 1).get(0).body()).contains("cancelado");

        List<String> kinds = jdbi.withHandle(h -> h.createQuery("""
                SELECT m.kind FROM inbound_messages m JOIN supporters s ON s.id = m.supporter_id
                 WHERE s.phone IN ('+13015550521', '+13015550522', '+13015550523')""").mapTo(String.class).list());
        assertThat(kinds).containsExactly("opt-out", "opt-out", "opt-out");
    }

    @Test
    void anAdvocacyReplyThatContainsAStopWordStaysAReplyToTheAlert() {
        long id = supporter("+13015550524", "en", true);
        staff.patch("/api/v1/supporters/" + id, "{\"tags\":[\"stop-ice\"]}");
        long campaign = staff.post("/api/v1/campaigns", "{\"name\":\"ice\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"stop-ice\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Tell the county: no 287(g)\"}}}").json().get("id").asLong();
        staff.send("/api/v1/campaigns/" + campaign + "/launch", "POST", null, new byte[0]);
        Await.until("the alert is recorded as sent", () -> "completed".equals(
                staff.get("/api/v1/campaigns/" + campaign).json().get("status").asText()));
        // Posted together and awaited after: the reply window is 3 s in this test.
        List<String> replies = List.of("STOP ICE raids now!", "stop the deportations", "¡Alto a las redadas!");
        List<String> sids = replies.stream().map(body -> {
            String sid = newSid();
            assertThat(post(text(sid, "+13015550524", body), true).status()).isEqualTo(200);
            return sid;
        }).toList();
        sids.forEach(InboundSmsTest::awaitProcessed);

        assertThat(staff.get("/api/v1/campaigns/" + campaign + "/replies").json().get("items"))
                .extracting(r -> r.get("body").asText()).containsExactlyInAnyOrderElementsOf(replies);
        assertThat(supporterByPhone("+13015550524").get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(TWILIO.messagesTo("+13015550524")).hasSize(1); // the alert; no opt-out confirmation
    }

    @Test
    void yesResubscribesOnlySomeoneWhoUnsubscribed() {
        long subscribed = supporter("+13015550505", "en", true);
        texts("+13015550505", "YES");
        assertThat(staff.get("/api/v1/supporters/" + subscribed + "/consent").json().get("items")).hasSize(1);
        String kind = jdbi.withHandle(h -> h.createQuery("SELECT kind FROM inbound_messages WHERE supporter_id = :s")
                .bind("s", subscribed).mapTo(String.class).one());
        assertThat(kind).isEqualTo("reply");

        supporter("+13015550506", "en", true);
        texts("+13015550506", "STOP");
        texts("+13015550506", "yes");
        assertThat(supporterByPhone("+13015550506").get("smsStatus").asText()).isEqualTo("subscribed");
        List<FakeTwilio.Received> sent = awaitTexts("+13015550506", 2);
        assertThat(sent.get(1).body()).contains("subscribed");
    }

    @Test
    void helpAnswersWithoutChangingConsent() {
        long id = supporter("+13015550507", "en", true);
        texts("+13015550507", "help");
        String answer = awaitTexts("+13015550507", 1).get(0).body();
        assertThat(answer).contains("Immigrant Rights Now", "help@example.org", "STOP", "LEGAL");
        assertThat(staff.get("/api/v1/supporters/" + id + "/consent").json().get("items")).hasSize(1);
    }

    @Test
    void anOptOutMidCampaignStopsEverythingElseToThatNumber() {
        // 40 people at 10 texts a second: the last is reached four seconds after launch, time enough for their
        // STOP to be stored and acted on even on a busy two-core machine (two seconds was missed once).
        for (int i = 0; i < 40; i++) {
            long id = supporter(String.format("+1301555%04d", 6000 + i), "en", true);
            staff.patch("/api/v1/supporters/" + id, "{\"tags\":[\"mid\"]}");
        }
        long campaign = staff.post("/api/v1/campaigns", "{\"name\":\"mid\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"mid\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Call the sheriff\"}}}").json().get("id").asLong();
        staff.send("/api/v1/campaigns/" + campaign + "/launch", "POST", null, new byte[0]);
        // Alerts are claimed in outbox order: the last row's person is reached last. Their STOP arrives first.
        String last = jdbi.withHandle(h -> h.createQuery("""
                SELECT s.phone FROM outbox o JOIN supporters s ON s.id = o.supporter_id
                 WHERE o.campaign_id = :c ORDER BY o.id DESC LIMIT 1""").bind("c", campaign).mapTo(String.class).one());
        texts(last, "STOP");
        Await.until("the campaign completes", () -> "completed".equals(staff.get("/api/v1/campaigns/" + campaign).json().get("status").asText()));
        List<FakeTwilio.Received> toLast = TWILIO.messagesTo(last);
        assertThat(toLast).hasSize(1);
        assertThat(toLast.get(0).body()).contains("unsubscribed");
        JsonNode stats = staff.get("/api/v1/campaigns/" + campaign).json().get("stats");
        assertThat(stats.get("suppressed").asInt()).isEqualTo(1);
        assertThat(stats.get("sent").asInt()).isEqualTo(39);
    }

    @Test
    void repliesAreAttributedToTheLatestAlertWithinTheWindow() throws Exception {
        long id = supporter("+13015550508", "en", true);
        staff.patch("/api/v1/supporters/" + id, "{\"tags\":[\"reply-test\"]}");
        long campaign = staff.post("/api/v1/campaigns", "{\"name\":\"r\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"reply-test\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Will you call?\"}}}").json().get("id").asLong();
        staff.send("/api/v1/campaigns/" + campaign + "/launch", "POST", null, new byte[0]);
        Await.until("the alert is recorded as sent", () -> "completed".equals(
                staff.get("/api/v1/campaigns/" + campaign).json().get("status").asText()));
        texts("+13015550508", "I called, they hung up");
        JsonNode replies = staff.get("/api/v1/campaigns/" + campaign + "/replies").json().get("items");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).get("body").asText()).isEqualTo("I called, they hung up");
        assertThat(staff.get("/api/v1/campaigns/" + campaign).json().get("stats").get("replies").asInt()).isEqualTo(1);

        Thread.sleep(3500); // past the 3 s reply window configured for this test
        texts("+13015550508", "Anything else?");
        assertThat(staff.get("/api/v1/campaigns/" + campaign + "/replies").json().get("items")).hasSize(1);
    }

    @Test
    void aBatchOfTextsIsActedOnInOrderPerSender() {
        long replier = supporter("+13015550511", "en", true);
        staff.patch("/api/v1/supporters/" + replier, "{\"tags\":[\"batch-test\"]}");
        long stopper = supporter("+13015550512", "en", true);
        long campaign = staff.post("/api/v1/campaigns", "{\"name\":\"b\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"batch-test\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Call the jail\"}}}").json().get("id").asLong();
        staff.send("/api/v1/campaigns/" + campaign + "/launch", "POST", null, new byte[0]);
        Await.until("the alert is recorded as sent", () -> "completed".equals(
                staff.get("/api/v1/campaigns/" + campaign).json().get("status").asText()));

        // Stored together, so the processor takes them in one batch: plain replies, a STOP and what follows it.
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO inbound_messages (message_sid, from_phone, body) VALUES
                  ('SMbatch1', '+13015550511', 'I called, no answer'),
                  ('SMbatch2', '+13015550512', 'STOP'),
                  ('SMbatch3', '+13015550512', 'why did I get this?'),
                  ('SMbatch4', '+13015550513', 'hola'),
                  ('SMbatch5', '+13015550511', 'calling again at 5')"""));
        List.of("SMbatch1", "SMbatch2", "SMbatch3", "SMbatch4", "SMbatch5").forEach(InboundSmsTest::awaitProcessed);

        assertThat(staff.get("/api/v1/campaigns/" + campaign + "/replies").json().get("items"))
                .extracting(r -> r.get("body").asText())
                .containsExactlyInAnyOrder("I called, no answer", "calling again at 5");
        assertThat(supporterByPhone("+13015550512").get("smsStatus").asText()).isEqualTo("unsubscribed");
        assertThat(supporterByPhone("+13015550513").get("smsStatus").asText()).isEqualTo("none");
        JsonNode history = staff.get("/api/v1/supporters/" + stopper + "/messages").json().get("items");
        assertThat(history).extracting(m -> m.get("direction").asText() + ":" + m.get("kind").asText())
                .containsSubsequence("in:opt-out", "in:reply");
        assertThat(awaitTexts("+13015550512", 1).get(0).body()).contains("unsubscribed");
    }

    @Test
    void textsStoredButNotYetActedOnAreProcessedAndABrokenOneDoesNotBlockTheRest() throws Exception {
        // As if the service died right after answering Twilio: the rows are there, nobody woke the processor.
        // The first is broken (no body: the webhook never stores that), the second a STOP behind it.
        supporter("+13015550510", "en", true);
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO inbound_messages (message_sid, from_phone, body)
                VALUES ('SMbroken', '+13015550510', NULL), ('SMstored', '+13015550510', 'STOP')"""));
        awaitProcessed("SMstored");
        assertThat(supporterByPhone("+13015550510").get("smsStatus").asText()).isEqualTo("unsubscribed");
        awaitProcessed("SMbroken");
        Map<String, Object> broken = jdbi.withHandle(h -> h.createQuery(
                "SELECT kind, attempts, body FROM inbound_messages WHERE message_sid = 'SMbroken'").mapToMap().one());
        assertThat(broken).containsEntry("kind", "failed").containsEntry("attempts", InboundProcessor.MAX_ATTEMPTS);
        // Operators see it on the admin port.
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + APP.getAdminPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        JsonNode gauges = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metrics).get("gauges");
        assertThat(gauges.get("inbound.failed").get("value").asLong()).isEqualTo(1);
        assertThat(gauges.get("inbound.pending").get("value").asLong()).isZero();
    }

    @Test
    void forgedAndMalformedWebhooksRecordNothing() throws Exception {
        int before = inboundRows();
        Map<String, String> params = text(newSid(), "+13015550509", "STOP");
        assertThat(post(params, false).status()).isEqualTo(403);
        Map<String, String> forged = new LinkedHashMap<>(params);
        String good = TwilioSignatures.compute(FakeTwilio.AUTH_TOKEN, PUBLIC + "/webhooks/twilio/sms", params);
        forged.put("Body", "START");
        assertThat(staff.as(null).sendWithHeader("/webhooks/twilio/sms", "POST", "application/x-www-form-urlencoded",
                form(forged), TwilioSignature.HEADER, good).status()).isEqualTo(403);

        Map<String, String> noFrom = text(newSid(), "+13015550509", "hi");
        noFrom.remove("From");
        assertThat(post(noFrom, true).status()).isEqualTo(422);
        assertThat(post(text(newSid(), "ALERTCO", "hi"), true).status()).isEqualTo(422);
        assertThat(staff.as(null).send("/webhooks/twilio/sms", "POST", "application/json", "{}".getBytes()).status()).isEqualTo(415);
        assertThat(megabyteBody()).isEqualTo(413);
        Api.Reply badBytes = staff.as(null).sendWithHeader("/webhooks/twilio/sms", "POST", "application/x-www-form-urlencoded",
                "MessageSid=SMx&From=%2B13015550509&Body=%FF%FE".getBytes(StandardCharsets.US_ASCII), TwilioSignature.HEADER, "x");
        assertThat(badBytes.status()).isBetween(400, 499);
        assertThat(badBytes.body()).doesNotContain("Exception");

        assertThat(inboundRows()).isEqualTo(before);
        assertThat(supporterByPhone("+13015550509")).isNull();
        assertThat(staff.get("/api/v1/supporters?limit=1").status()).isEqualTo(200); // still answering
    }

    /**
     * Sends a 1 MB body over a plain socket while reading the answer: the server may answer and close before
     * the body is all sent, which java.net.http reports as a connection error instead of the 413.
     */
    static int megabyteBody() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /webhooks/twilio/sms HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048576\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(new byte[1024 * 1024]);
                } catch (java.io.IOException closedEarly) {
                    // the server may answer and close before reading it all: that is the point
                }
            });
            writer.start();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    static byte[] form(Map<String, String> params) {
        return IncomingTexts.form(params);
    }
}
