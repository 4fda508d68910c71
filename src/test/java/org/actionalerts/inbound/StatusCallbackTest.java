package org.actionalerts.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.actionalerts.support.TwilioSignatures;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Twilio's status callbacks: signed ones move a message forward, once; forged ones change nothing. */
@ExtendWith(DropwizardExtensionsSupport.class)
class StatusCallbackTest {
    static final String TOKEN = "status-callback-token";
    static final String PUBLIC = "https://alerts.example.org";
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            // Twilio configured in full (the service refuses a partial set-up); nothing is sent, so no API is needed.
            "sms.accountSid", "AC00000000000000000000000000000000", "sms.authToken", TOKEN,
            "sms.fromNumber", "+15005550006", "sms.apiBaseUrl", "http://127.0.0.1:9",
            "publicBaseUrl", PUBLIC, "dispatcher.enabled", "false");
    static Jdbi jdbi;
    static Api staff;

    @BeforeAll
    static void setUp() {
        jdbi = TestApp.jdbi(APP);
        staff = TestApp.api(APP).withNewToken("staff");
    }

    long sentMessage(String sid) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO outbox (kind, channel, needs_consent, status, recipient, body, provider_id, sent_at, not_before)
                        VALUES ('test', 'sms', false, 'sent', '+13015550401', 'hello', :sid, now(), now())""")
                .bind("sid", sid).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    String status(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE id = :id").bind("id", id).mapTo(String.class).one());
    }

    int receipts(String sid) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM delivery_receipts WHERE provider_id = :sid")
                .bind("sid", sid).mapTo(Integer.class).one());
    }

    int post(Map<String, String> params, String signature) throws Exception {
        String body = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + "/webhooks/twilio/status"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header(TwilioSignature.HEADER, signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static Map<String, String> callback(String sid, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("MessageStatus", status);
        params.put("AccountSid", "AC123");
        return params;
    }

    static String sign(Map<String, String> params) {
        // Twilio signs the public URL it called, not the address the service listens on.
        return TwilioSignatures.compute(TOKEN, PUBLIC + "/webhooks/twilio/status", params);
    }

    @Test
    void aSignedDeliveryReportMarksTheMessageDeliveredAndALateSentDoesNotUndoIt() throws Exception {
        long id = sentMessage("SM00000000000000000000000000000001");
        Map<String, String> delivered = callback("SM00000000000000000000000000000001", "delivered");
        assertThat(post(delivered, sign(delivered))).isEqualTo(204);
        assertThat(status(id)).isEqualTo("delivered");

        Map<String, String> lateSent = callback("SM00000000000000000000000000000001", "sent");
        assertThat(post(lateSent, sign(lateSent))).isEqualTo(204);
        assertThat(post(delivered, sign(delivered))).isEqualTo(204); // Twilio retrying: takes effect once
        assertThat(status(id)).isEqualTo("delivered");
        assertThat(receipts("SM00000000000000000000000000000001")).isEqualTo(2);
    }

    @Test
    void forgedOrUnsignedCallbacksAre403AndRecordNothing() throws Exception {
        long id = sentMessage("SM00000000000000000000000000000002");
        Map<String, String> failed = callback("SM00000000000000000000000000000002", "undelivered");
        assertThat(post(failed, null)).isEqualTo(403);
        assertThat(post(failed, "bm90IGEgc2lnbmF0dXJl")).isEqualTo(403);
        Map<String, String> tampered = new LinkedHashMap<>(failed);
        String signature = sign(failed);
        tampered.put("MessageStatus", "delivered");
        assertThat(post(tampered, signature)).isEqualTo(403);
        assertThat(status(id)).isEqualTo("sent");
        assertThat(receipts("SM00000000000000000000000000000002")).isZero();
    }

    @Test
    void anUndeliveredReportWithACarrierOptOutUnsubscribesThePerson() throws Exception {
        long person = staff.post("/api/v1/supporters", "{\"phone\":\"+13015550402\",\"smsOptIn\":true}").json().get("id").asLong();
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO outbox (kind, supporter_id, channel, needs_consent, status, recipient, body, provider_id, sent_at, not_before)
                        VALUES ('campaign', :p, 'sms', true, 'sent', '+13015550402', 'hello', 'SM00000000000000000000000000000003', now(), now())""")
                .bind("p", person).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        Map<String, String> undelivered = callback("SM00000000000000000000000000000003", "undelivered");
        undelivered.put("ErrorCode", "21610");
        assertThat(post(undelivered, sign(undelivered))).isEqualTo(204);
        assertThat(status(id)).isEqualTo("failed");
        assertThat(staff.get("/api/v1/supporters/" + person).json().get("smsStatus").asText()).isEqualTo("unsubscribed");
    }
}
