package org.actionalerts.delivery.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.actionalerts.delivery.ProviderUnavailableException;
import org.actionalerts.delivery.SendResult;
import org.actionalerts.delivery.SendResult.Outcome;
import org.actionalerts.delivery.sms.SmsMessage;
import org.actionalerts.platform.SmsSettings;
import org.actionalerts.support.FakeTwilio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioSmsGatewayTest {

    private static final String PUBLIC = "https://alerts.example.org";
    private static final String TO = "+14105550123";

    private static FakeTwilio twilio;
    private TwilioSmsGateway gateway;

    @BeforeAll
    static void startFake() {
        twilio = FakeTwilio.start();
    }

    @AfterAll
    static void stopFake() {
        twilio.close();
    }

    @BeforeEach
    void setUp() {
        twilio.reset();
        gateway = new TwilioSmsGateway(twilio.settings(), PUBLIC + "/");
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void acceptedMessageReachesTheFakeThroughTheRebasedHostWithFromAndStatusCallback() {
        SendResult result = gateway.send(new SmsMessage(TO, "Hola Ana, ¡mañana marchamos!"));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.providerId()).startsWith("SM").hasSize(34);
        assertThat(twilio.messages()).singleElement().satisfies(m -> {
            assertThat(m.sid()).isEqualTo(result.providerId());
            assertThat(m.to()).isEqualTo(TO);
            assertThat(m.from()).isEqualTo(FakeTwilio.DEFAULT_FROM);
            assertThat(m.messagingServiceSid()).isNull();
            assertThat(m.body()).isEqualTo("Hola Ana, ¡mañana marchamos!");
            assertThat(m.statusCallback()).isEqualTo(PUBLIC + "/webhooks/twilio/status");
        });
    }

    @Test
    void sendsThroughTheMessagingServiceWhenConfigured() {
        try (TwilioSmsGateway viaService = new TwilioSmsGateway(twilio.messagingServiceSettings("MG0123456789abcdef0123456789abcdef"), PUBLIC)) {
            assertThat(viaService.send(new SmsMessage(TO, "hi")).outcome()).isEqualTo(Outcome.ACCEPTED);
        }
        assertThat(twilio.messages()).singleElement().satisfies(m -> {
            assertThat(m.messagingServiceSid()).isEqualTo("MG0123456789abcdef0123456789abcdef");
            assertThat(m.from()).isNull();
            assertThat(m.statusCallback()).isEqualTo(PUBLIC + "/webhooks/twilio/status");
        });
    }

    @Test
    void unsubscribedRecipientIsOptedOut() {
        twilio.unsubscribed(TO);
        SendResult result = gateway.send(new SmsMessage(TO, "hi"));
        assertThat(result.outcome()).isEqualTo(Outcome.OPTED_OUT);
        assertThat(result.errorCode()).isEqualTo("21610");
        assertThat(twilio.messages()).isEmpty();
    }

    @Test
    void invalidNumberIsPermanent() {
        SendResult result = gateway.send(new SmsMessage("+1234", "hi"));
        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.errorCode()).isEqualTo("21211");
        assertThat(result.errorMessage()).contains("not a valid phone number");
    }

    @Test
    void serviceUnavailableIsTransientAndNotRetriedBehindTheDispatchersBack() {
        twilio.failNextWithStatus(1, 503);
        SendResult result = gateway.send(new SmsMessage(TO, "hi"));
        assertThat(result.outcome()).isEqualTo(Outcome.TRANSIENT);
        assertThat(result.errorCode()).isEqualTo("503");
        assertThat(twilio.attempts()).hasSize(1); // the SDK's own three retries are off

        assertThat(gateway.send(new SmsMessage(TO, "hi")).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(twilio.messages()).hasSize(1);
    }

    @Test
    void throttlingIsTransientWithRetryAfter() {
        twilio.throttleNext(1, 7);
        SendResult result = gateway.send(new SmsMessage(TO, "hi"));
        assertThat(result.outcome()).isEqualTo(Outcome.TRANSIENT);
        assertThat(result.errorCode()).isEqualTo("20429");
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void badCredentialsAreSystemic() {
        SmsSettings wrongToken = new SmsSettings(FakeTwilio.ACCOUNT_SID, "not-the-token", FakeTwilio.DEFAULT_FROM, "",
                twilio.baseUrl(), 100, "21:00-09:00");
        try (TwilioSmsGateway wrong = new TwilioSmsGateway(wrongToken, PUBLIC)) {
            SendResult result = wrong.send(new SmsMessage(TO, "hi"));
            assertThat(result.outcome()).isEqualTo(Outcome.SYSTEMIC);
            assertThat(result.errorCode()).isEqualTo("20003");
            assertThat(wrong.problem()).contains("20003");
        }
    }

    @Test
    void scriptedAuthenticationErrorIsSystemic() {
        twilio.failNext(1, 401, 20003, "Authenticate");
        assertThat(gateway.send(new SmsMessage(TO, "hi")).outcome()).isEqualTo(Outcome.SYSTEMIC);
    }

    @Test
    void carrierFilteringIsReportedByCodeForTheDispatcherToCount() {
        twilio.failNext(1, 400, 30007, "Message filtered");
        SendResult result = gateway.send(new SmsMessage(TO, "hi"));
        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.errorCode()).isEqualTo("30007");
    }

    @Test
    void unreachableTwilioIsTransientConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SmsSettings nowhere = new SmsSettings(FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN, FakeTwilio.DEFAULT_FROM, "",
                "http://127.0.0.1:" + closedPort, 100, "21:00-09:00");
        try (TwilioSmsGateway down = new TwilioSmsGateway(nowhere, PUBLIC)) {
            SendResult result = down.send(new SmsMessage(TO, "hi"));
            assertThat(result.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(result.errorCode()).isEqualTo("connect");
            assertThat(down.problem()).isNotNull();
            assertThatThrownBy(() -> down.findSent(TO, "hi", Instant.now())).isInstanceOf(ProviderUnavailableException.class);
        }
    }

    @Test
    void lostAnswerIsTransientAndReconciliationFindsTheMessage() {
        Instant claimed = Instant.now();
        twilio.acceptButDropConnectionNext(1);
        SendResult result = gateway.send(new SmsMessage(TO, "Alert: call the sheriff"));
        assertThat(result.outcome()).isEqualTo(Outcome.TRANSIENT);
        assertThat(result.errorCode()).isEqualTo("network");

        assertThat(gateway.findSent(TO, "Alert: call the sheriff", claimed)).contains(twilio.messages().get(0).sid());
    }

    @Test
    void findSentFindsAnAcceptedMessageAndOnlyThatOne() {
        Instant claimed = Instant.now();
        String sid = gateway.send(new SmsMessage(TO, "Alert: call the sheriff")).providerId();
        gateway.send(new SmsMessage("+14105550199", "Alert: call the sheriff"));

        assertThat(gateway.findSent(TO, "Alert: call the sheriff", claimed)).contains(sid);
        // Found by the first query: recipient and day sent, as Twilio's list filters take them.
        assertThat(twilio.listQueries()).singleElement().satisfies(q -> {
            assertThat(q).containsEntry("To", TO);
            assertThat(q.get("DateSent>")).isEqualTo(claimed.minusSeconds(5).atZone(java.time.ZoneOffset.UTC)
                    .toLocalDate() + "T00:00:00");
        });
        assertThat(gateway.findSent(TO, "A different body", claimed)).isEmpty();
        assertThat(gateway.findSent("+14105550100", "Alert: call the sheriff", claimed)).isEmpty();
    }

    @Test
    void findSentIgnoresMessagesFromBeforeTheClaim() {
        twilio.seed(TO, "Same words", Instant.now().minus(Duration.ofMinutes(10)));
        assertThat(gateway.findSent(TO, "Same words", Instant.now())).isEmpty();
    }

    @Test
    void findSentFindsAMessageTwilioStillHoldsAsQueued() {
        twilio.holdQueued(true);
        Instant claimed = Instant.now();
        String sid = gateway.send(new SmsMessage(TO, "Queued words")).providerId();
        assertThat(gateway.findSent(TO, "Queued words", claimed)).contains(sid);
    }

    @Test
    void findSentPagesThroughManyMessages() {
        Instant claimed = Instant.now();
        String sid = gateway.send(new SmsMessage(TO, "needle")).providerId();
        for (int i = 0; i < 130; i++) {
            twilio.seed(TO, "hay " + i, Instant.now().plusSeconds(1));
        }
        assertThat(gateway.findSent(TO, "needle", claimed)).contains(sid);
    }

    @Test
    void problemReportsAccountState() {
        assertThat(gateway.problem()).isNull();
        twilio.accountStatus("suspended");
        assertThat(gateway.problem()).containsIgnoringCase("suspended");
    }

    @Test
    void concurrentSendsAreAllAcceptedOverMoreConnectionsThanTheSdkDefault() throws Exception {
        twilio.latency(Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            List<Future<SendResult>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String to = "+1410555%04d".formatted(i);
                results.add(pool.submit(() -> gateway.send(new SmsMessage(to, "hello " + to))));
            }
            for (Future<SendResult> f : results) {
                assertThat(f.get().outcome()).isEqualTo(Outcome.ACCEPTED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(twilio.messages()).hasSize(50);
        assertThat(twilio.messages()).extracting(FakeTwilio.Received::sid).doesNotHaveDuplicates();
        assertThat(twilio.messages()).allSatisfy(m -> assertThat(m.body()).isEqualTo("hello " + m.to()));
        // The SDK's default pool allows 20 connections per host; ours must let all 30 senders through at once.
        assertThat(twilio.maxConcurrentRequests()).isGreaterThan(20);
    }

    @Test
    void kindIsTwilio() {
        assertThat(gateway.kind()).isEqualTo("twilio");
    }
}
