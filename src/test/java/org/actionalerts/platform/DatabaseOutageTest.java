package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.inbound.TwilioSignature;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.DatabaseOutage;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.actionalerts.support.TwilioSignatures;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, "the database goes away": while PostgreSQL cannot be reached, the JSON API, the plain servlets (the
 * case claim, Twilio's inbound webhook) and the status webhook all answer 503 in the JSON shape with Retry-After,
 * never a 500 or a stack trace; Twilio retries what got a 503. When the database is back, the service answers
 * again by itself, and a STOP Twilio retried after the outage takes effect.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseOutageTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String PUBLIC = "https://alerts.example.org";
    static final String PHONE = "+13015550177";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "publicBaseUrl", PUBLIC));
    static Api admin;
    static Api staff;
    static Jdbi jdbi;
    static DatabaseOutage outage;

    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        staff = admin.withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
        outage = DatabaseOutage.of(jdbi);
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @AfterEach
    void databaseBack() throws SQLException {
        outage.up();
    }

    @Test
    void everyEndpointAnswers503WhileTheDatabaseIsAwayAndRecoversAfter() throws Exception {
        Api.Reply created = staff.post("/api/v1/supporters", "{\"firstName\":\"Ana\",\"phone\":\"" + PHONE + "\",\"smsOptIn\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long supporter = created.json().get("id").asLong();
        String providerSid = "SM" + "f".repeat(32);
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO outbox (kind, channel, needs_consent, status, recipient, body, provider_id, sent_at, not_before)
                VALUES ('test', 'sms', false, 'sent', '+13015550401', 'hello', :sid, now(), now())""")
                .bind("sid", providerSid).execute());
        Map<String, String> stop = IncomingTexts.text("SM" + "a".repeat(32), PHONE, "STOP");
        Map<String, String> delivered = statusCallback(providerSid, "delivered");

        outage.down();
        List<Api.Reply> answers = List.of(
                staff.get("/api/v1/supporters"),
                staff.get("/api/v1/supporters/" + supporter),
                staff.post("/api/v1/supporters", "{\"firstName\":\"Bo\",\"phone\":\"+13015550178\"}"),
                staff.get("/api/v1/campaigns"),
                staff.get("/api/v1/lists/1"),
                admin.get("/api/v1/audit"),
                admin.get("/api/v1/cases"),
                admin.post("/api/v1/cases/claim", "{}"),
                admin.as(null).post("/api/v1/help-requests", "{\"name\":\"Ana\",\"phone\":\"" + PHONE
                        + "\",\"topic\":\"detention\",\"message\":\"My brother was detained\"}"),
                IncomingTexts.post(admin, PUBLIC, stop, true),
                postStatus(delivered));
        for (int i = 0; i < answers.size(); i++) {
            assertUnavailable("request #" + i, answers.get(i));
        }

        outage.up();
        Await.until("the API reaches the database again", PATIENCE, () -> staff.get("/api/v1/supporters").status() == 200);
        assertThat(staff.get("/api/v1/supporters/" + supporter).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/cases").status()).isEqualTo(200);

        // Twilio retries the webhooks that got a 503: the same MessageSid, now stored and acted on.
        Api.Reply retried = IncomingTexts.post(admin, PUBLIC, stop, true);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        IncomingTexts.awaitProcessed(jdbi, stop.get("MessageSid"));
        assertThat(staff.get("/api/v1/supporters/" + supporter).json().path("smsStatus").asText())
                .isEqualTo("unsubscribed");
        assertThat(postStatus(delivered).status()).isEqualTo(204);
        String status = jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE provider_id = :sid")
                .bind("sid", providerSid).mapTo(String.class).one());
        assertThat(status).isEqualTo("delivered");
    }

    static void assertUnavailable(String what, Api.Reply r) {
        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(503);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("code").asInt()).isEqualTo(503);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(r.header("Retry-After")).as("Retry-After").isNotNull();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.");
    }

    static Map<String, String> statusCallback(String sid, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        params.put("MessageStatus", status);
        return params;
    }

    static Api.Reply postStatus(Map<String, String> params) {
        String path = "/webhooks/twilio/status";
        return admin.as(null).sendWithHeader(path, "POST", "application/x-www-form-urlencoded", IncomingTexts.form(params),
                TwilioSignature.HEADER, TwilioSignatures.compute(FakeTwilio.AUTH_TOKEN, PUBLIC + path, params));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
