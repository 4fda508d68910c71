package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Campaigns delivered through the real gateways: a fake Twilio speaking Twilio's wire format and a real SMTP
 * server (GreenMail). Provider errors, retries and crash reconciliation as a user of the API sees them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeliveryThroughProvidersTest {
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final GreenMail MAIL = Providers.startMail();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, MAIL,
            "publicBaseUrl", "https://alerts.example.org",
            "dispatcher.retryBase", "200ms",
            "dispatcher.retryMax", "1s"));
    static Api staff;
    static Jdbi jdbi;
    static int tagCounter;


    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
        MAIL.stop();
    }

    @BeforeEach
    void freshProviders() throws Exception {
        TWILIO.reset();
        MAIL.purgeEmailFromAllMailboxes();
    }

    /**
     * Issue 13 (found by bench/ResilienceHarness): on SIGTERM the gateways were closed before the dispatcher
     * drained, so each send it still had scheduled failed with "Connection pool shut down". Dropwizard stops
     * managed objects in the reverse order of registration: the closer must come before the dispatcher.
     */
    @Test
    void theGatewaysCloseOnlyAfterTheDispatcherHasDrained() {
        java.util.List<Object> managed = APP.getEnvironment().lifecycle().getManagedObjects().stream()
                .map(l -> l instanceof io.dropwizard.lifecycle.JettyManaged j ? (Object) j.getManaged() : l).toList();
        int closer = -1;
        int dispatcher = -1;
        for (int i = 0; i < managed.size(); i++) {
            if (managed.get(i) instanceof DeliveryModule.GatewayCloser) {
                closer = i;
            } else if (managed.get(i) instanceof Dispatcher) {
                dispatcher = i;
            }
        }
        assertThat(dispatcher).as("the dispatcher is managed").isGreaterThanOrEqualTo(0);
        assertThat(closer).as("the gateway closer is managed, and so stopped after the dispatcher").isBetween(0, dispatcher - 1);
    }

    long supporter(String phone, String email, String tag) {
        Api.Reply r = staff.post("/api/v1/supporters", "{\"firstName\":\"Rosa\",\"phone\":" + quote(phone) + ",\"email\":"
                + quote(email) + ",\"tags\":[\"" + tag + "\"],\"smsOptIn\":true,\"emailOptIn\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    long launch(String tag, String channels) {
        long id = staff.post("/api/v1/campaigns", "{\"name\":\"" + tag + "\",\"actionUrl\":\"https://example.org/act\","
                + "\"channels\":" + channels + ",\"audience\":{\"tags\":[\"" + tag + "\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Hi {{firstName}}, act now: {{actionUrl}}\"}},"
                + "\"email\":{\"subject\":{\"en\":\"Act now\"},\"text\":{\"en\":\"Hi {{firstName}}\"},\"html\":{\"en\":\"<p>Hi {{firstName}}</p>\"}}}")
                .json().get("id").asLong();
        assertThat(staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]).status()).isEqualTo(202);
        return id;
    }

    JsonNode message(long campaign, long supporter, String channel) {
        for (JsonNode m : staff.get("/api/v1/campaigns/" + campaign + "/messages?limit=500").json().get("items")) {
            if (m.get("supporterId").asLong() == supporter && channel.equals(m.get("channel").asText())) {
                return m;
            }
        }
        throw new AssertionError("no " + channel + " message for supporter " + supporter);
    }

    String status(long campaign, long supporter, String channel) {
        return message(campaign, supporter, channel).get("status").asText();
    }

    static String tag() {
        return "t" + (++tagCounter);
    }

    @Test
    void textsGoThroughTwilioWithACallbackAndEmailsCarryOneClickUnsubscribe() throws Exception {
        String tag = tag();
        long rosa = supporter("+13015550301", "rosa@example.org", tag);
        long campaign = launch(tag, "[\"sms\",\"email\"]");
        Await.until("both messages are sent", () -> "sent".equals(status(campaign, rosa, "sms"))
                && "sent".equals(status(campaign, rosa, "email")));

        List<FakeTwilio.Received> texts = TWILIO.messagesTo("+13015550301");
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0).body()).matches("Hi Rosa, act now: https://alerts\\.example\\.org/a/[A-Za-z0-9]{10}");
        assertThat(texts.get(0).statusCallback()).isEqualTo("https://alerts.example.org/webhooks/twilio/status");
        assertThat(message(campaign, rosa, "sms").get("providerId").asText()).isEqualTo(texts.get(0).sid());

        MimeMessage[] mails = MAIL.getReceivedMessages();
        assertThat(mails).hasSize(1);
        String listUnsubscribe = mails[0].getHeader("List-Unsubscribe")[0];
        assertThat(mails[0].getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(listUnsubscribe).startsWith("<https://alerts.example.org/unsubscribe/");
        String path = listUnsubscribe.substring("<https://alerts.example.org".length(), listUnsubscribe.length() - 1);

        // A mail scanner following the link changes nothing; the one-click POST unsubscribes.
        assertThat(staff.as(null).get(path).status()).isEqualTo(200);
        assertThat(staff.get("/api/v1/supporters/" + rosa).json().get("emailStatus").asText()).isEqualTo("subscribed");
        Api.Reply oneClick = staff.as(null).send(path, "POST", "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click".getBytes(StandardCharsets.UTF_8));
        assertThat(oneClick.status()).isEqualTo(200);
        assertThat(staff.get("/api/v1/supporters/" + rosa).json().get("emailStatus").asText()).isEqualTo("unsubscribed");
        assertThat(staff.get("/api/v1/supporters/" + rosa).json().get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(staff.as(null).get("/unsubscribe/not-a-token").status()).isEqualTo(404);
    }

    @Test
    void aCarrierOptOutFailsTheMessageAndRecordsTheOptOut() {
        String tag = tag();
        TWILIO.unsubscribed("+13015550311");
        long person = supporter("+13015550311", null, tag);
        long campaign = launch(tag, "[\"sms\"]");
        Await.until("the message fails", () -> "failed".equals(status(campaign, person, "sms")));
        assertThat(message(campaign, person, "sms").get("errorCode").asText()).isEqualTo("21610");
        assertThat(staff.get("/api/v1/supporters/" + person).json().get("smsStatus").asText()).isEqualTo("unsubscribed");
        JsonNode history = staff.get("/api/v1/supporters/" + person + "/consent").json().get("items");
        assertThat(history.get(history.size() - 1).get("source").asText()).isEqualTo("carrier");
    }

    @Test
    void aTransient503IsRetriedAndTheTextArrivesExactlyOnce() {
        String tag = tag();
        TWILIO.failNextWithStatus(1, 503);
        long person = supporter("+13015550321", null, tag);
        long campaign = launch(tag, "[\"sms\"]");
        Await.until("the retry succeeds", () -> "sent".equals(status(campaign, person, "sms")));
        assertThat(TWILIO.messagesTo("+13015550321")).hasSize(1);
        assertThat(message(campaign, person, "sms").get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void retryAfterFromA429IsHonoured() {
        String tag = tag();
        TWILIO.throttleNext(1, 2);
        long person = supporter("+13015550331", null, tag);
        long campaign = launch(tag, "[\"sms\"]");
        Await.until("the throttled text is sent", () -> "sent".equals(status(campaign, person, "sms")));
        List<FakeTwilio.Received> attempts = TWILIO.attempts().stream().filter(a -> "+13015550331".equals(a.to())).toList();
        assertThat(attempts).hasSize(2);
        // The retry policy here would retry within a second; Twilio asked for two.
        assertThat(Duration.between(attempts.get(0).dateCreated(), attempts.get(1).dateCreated()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void rejectedCredentialsPauseTheCampaignWithTheReason() {
        String tag = tag();
        TWILIO.failNext(1, 401, 20003, "Authenticate");
        long person = supporter("+13015550341", null, tag);
        long campaign = launch(tag, "[\"sms\"]");
        Await.until("the campaign pauses", () -> "paused".equals(staff.get("/api/v1/campaigns/" + campaign).json().get("status").asText()));
        assertThat(staff.get("/api/v1/campaigns/" + campaign).json().get("statusReason").asText()).contains("20003");
        assertThat(status(campaign, person, "sms")).isEqualTo("queued");
        assertThat(TWILIO.messagesTo("+13015550341")).isEmpty();
    }

    /** A crash after Twilio took the message but before we recorded it: found by reconciliation, not resent. */
    @Test
    void aMessageTwilioAcceptedBeforeACrashIsReconciledNotResent() {
        String tag = tag();
        long person = supporter("+13015550351", null, tag);
        Instant claimed = Instant.now().minusSeconds(600);
        long campaign = leftSendingByACrash(tag, person, "+13015550351", "Before the crash", claimed);
        // ... and Twilio, which had taken the message.
        FakeTwilio.Received taken = TWILIO.seed("+13015550351", "Before the crash", claimed.plusSeconds(1));

        Await.until("reconciliation records it", () -> "sent".equals(status(campaign, person, "sms")));
        assertThat(message(campaign, person, "sms").get("providerId").asText()).isEqualTo(taken.sid());
        assertThat(TWILIO.messagesTo("+13015550351")).hasSize(1);
    }

    /**
     * Issue 12: the reconciler asked Twilio inside its database transaction, holding the rows' locks and a pooled
     * connection across the list requests. While Twilio is being asked, the row must not be locked.
     */
    @Test
    void twilioIsAskedAboutALostMessageWithNoTransactionOpen() {
        String tag = tag();
        long person = supporter("+13015550355", null, tag);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        TWILIO.duringListRequests(() -> seen.add(jdbi.withHandle(h -> {
            h.begin();
            try {
                h.execute("SELECT id FROM outbox WHERE recipient = '+13015550355' FOR UPDATE NOWAIT");
            } catch (RuntimeException locked) {
                return "row locked";
            } finally {
                h.rollback();
            }
            // (Counting "idle in transaction" sessions was tried too, but the dispatcher's own claim transactions
            // are caught between statements now and then: the row's lock is what the reconciler used to hold.)
            return "free";
        })));
        Instant claimed = Instant.now().minusSeconds(600);
        long campaign = leftSendingByACrash(tag, person, "+13015550355", "Asked outside", claimed);
        FakeTwilio.Received taken = TWILIO.seed("+13015550355", "Asked outside", claimed.plusSeconds(1));

        Await.until("reconciliation records it", () -> "sent".equals(status(campaign, person, "sms")));
        assertThat(message(campaign, person, "sms").get("providerId").asText()).isEqualTo(taken.sid());
        assertThat(seen).isNotEmpty().containsOnly("free");
    }

    /** What a dead instance leaves behind: a campaign row claimed and marked sending, its lease long gone. */
    long leftSendingByACrash(String tag, long person, String phone, String body, Instant claimed) {
        long campaign = staff.post("/api/v1/campaigns", "{\"name\":\"crash\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\""
                + tag + "\"]},\"sms\":{\"body\":{\"en\":\"" + body + "\"}}}").json().get("id").asLong();
        jdbi.useHandle(h -> {
            h.execute("UPDATE campaigns SET status = 'sending', launched_at = now() WHERE id = ?", campaign);
            h.createUpdate("""
                    INSERT INTO outbox (kind, campaign_id, supporter_id, channel, needs_consent, status, recipient, body,
                                        attempts, claimed_at, lease_until, priority, not_before)
                    VALUES ('campaign', :c, :s, 'sms', true, 'sending', :phone, :body, 1, :claimed, :lease, 2, :claimed)""")
                    .bind("c", campaign).bind("s", person).bind("phone", phone).bind("body", body)
                    .bind("claimed", claimed).bind("lease", claimed.plusSeconds(120)).execute();
        });
        return campaign;
    }

    @Test
    void aMessageTwilioNeverGotBeforeACrashIsSentOnce() {
        String tag = tag();
        long person = supporter("+13015550361", null, tag);
        long campaign = leftSendingByACrash(tag, person, "+13015550361", "Never arrived", Instant.now().minusSeconds(600));
        Await.until("it is sent", () -> "sent".equals(status(campaign, person, "sms")));
        assertThat(TWILIO.messagesTo("+13015550361")).hasSize(1);
    }

    @Test
    void aConnectionLostAfterTwilioTookTheMessageDoesNotDuplicateIt() {
        String tag = tag();
        TWILIO.acceptButDropConnectionNext(1);
        long person = supporter("+13015550371", null, tag);
        long campaign = launch(tag, "[\"sms\"]");
        Await.until("it is settled as sent", () -> "sent".equals(status(campaign, person, "sms")));
        assertThat(TWILIO.messagesTo("+13015550371")).hasSize(1);
    }

    @Test
    void aTestSendReachesTheStaffMembersOwnPhoneAndInboxOnly() throws Exception {
        String tag = tag();
        supporter("+13015550381", "someone@example.org", tag);
        long campaign = staff.post("/api/v1/campaigns", "{\"name\":\"draft\",\"channels\":[\"sms\",\"email\"],"
                + "\"audience\":{\"tags\":[\"" + tag + "\"]},\"sms\":{\"body\":{\"en\":\"Hi {{firstName}}\",\"es\":\"Hola {{firstName}}\"}},"
                + "\"email\":{\"subject\":{\"en\":\"Act\"},\"text\":{\"en\":\"Hi {{firstName}}\"}}}").json().get("id").asLong();
        Api.Reply reply = staff.post("/api/v1/campaigns/" + campaign + "/test",
                "{\"phone\":\"(240) 555-0199\",\"email\":\"organiser@example.org\",\"language\":\"es\",\"firstName\":\"Ana\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        Await.until("the test text arrives", () -> TWILIO.messagesTo("+12405550199").size() == 1);
        assertThat(TWILIO.messagesTo("+12405550199").get(0).body()).isEqualTo("Hola Ana");
        Await.until("the test email arrives", () -> MAIL.getReceivedMessages().length == 1);
        assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("[TEST] Act");
        // Still a draft: nobody in the audience got anything.
        assertThat(TWILIO.messagesTo("+13015550381")).isEmpty();
        assertThat(staff.get("/api/v1/campaigns/" + campaign).json().get("status").asText()).isEqualTo("draft");
        assertThat(staff.post("/api/v1/campaigns/" + campaign + "/test", "{\"phone\":\"12\"}").status()).isEqualTo(422);
    }

    @Test
    void theAdminHealthCheckCoversBothTransports() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + APP.getAdminPort() + "/healthcheck")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertThat(health.get("sms").get("healthy").asBoolean()).isTrue();
        assertThat(health.get("email").get("healthy").asBoolean()).isTrue();
        assertThat(health.get("database").get("healthy").asBoolean()).isTrue();
    }

    static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
