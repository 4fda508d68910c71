package org.actionalerts.delivery.sms.twilio;

import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.actionalerts.delivery.ProviderUnavailableException;
import org.actionalerts.delivery.SendResult;
import org.actionalerts.delivery.SendResult.Outcome;
import org.actionalerts.delivery.sms.SmsGateway;
import org.actionalerts.delivery.sms.SmsMessage;
import org.actionalerts.platform.SmsSettings;
import org.actionalerts.platform.logging.Masking;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends texts through Twilio's Messages API with the Twilio SDK. Thread-safe: one SDK client and one pooled
 * HTTP client are shared by all dispatcher threads.
 *
 * <p>Error codes in {@link SendResult}: Twilio's code when it sent one ("21610"), else the HTTP status ("503"),
 * "connect" when the request never reached Twilio (safe to resend) or "network" when the connection failed
 * after the request may have been sent (outcome unknown: reconcile with {@link #findSent} before resending).
 */
public final class TwilioSmsGateway implements SmsGateway {

    public static final String STATUS_CALLBACK_PATH = "/webhooks/twilio/status";
    /** Enough concurrent requests to reach 100/s when Twilio answers in 200 ms, with room to spare. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    private static final Logger log = LoggerFactory.getLogger(TwilioSmsGateway.class);
    // Twilio's date_created has whole seconds, and its clock is not ours.
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    private static final long MAX_RECONCILE_RECORDS = 500;

    private final SmsSettings settings;
    private final String statusCallback;
    private final RebasedHttpClient http;
    private final TwilioRestClient client;

    public TwilioSmsGateway(SmsSettings settings, String publicBaseUrl) {
        this(settings, publicBaseUrl, DEFAULT_MAX_CONNECTIONS);
    }

    public TwilioSmsGateway(SmsSettings settings, String publicBaseUrl, int maxConnections) {
        if (settings.dryRun()) {
            throw new IllegalArgumentException("Twilio needs its settings; use DryRunSmsGateway without them");
        }
        if (!settings.missing().isEmpty()) {
            throw new IllegalArgumentException("Twilio needs " + String.join(", ", settings.missing()));
        }
        this.settings = settings;
        this.statusCallback = isBlank(publicBaseUrl) ? null : stripSlash(publicBaseUrl) + STATUS_CALLBACK_PATH;
        if (statusCallback == null) {
            log.warn("PUBLIC_BASE_URL is not set: Twilio will send no delivery status callbacks");
        }
        String apiBaseUrl = isBlank(settings.apiBaseUrl()) ? "https://api.twilio.com" : settings.apiBaseUrl();
        this.http = new RebasedHttpClient(apiBaseUrl, maxConnections);
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken()).httpClient(http).build();
    }

    @Override
    public SendResult send(SmsMessage message) {
        // The Messaging Service picks the sender from its pool when configured; otherwise our one number.
        MessageCreator creator = isBlank(settings.messagingServiceSid())
                ? Message.creator(new PhoneNumber(message.to()), new PhoneNumber(settings.fromNumber()), message.body())
                : Message.creator(new PhoneNumber(message.to()), settings.messagingServiceSid(), message.body());
        if (statusCallback != null) {
            creator.setStatusCallback(statusCallback);
        }
        try {
            Message sent = creator.create(client);
            http.takeLastResponse();
            return SendResult.accepted(sent.getSid());
        } catch (TwilioException e) {
            SendResult result = failure(e, http.takeLastResponse());
            log.debug("Twilio refused a text to {}: {} {}", Masking.phone(message.to()), result.errorCode(), result.outcome());
            return result;
        }
    }

    @Override
    public Optional<String> findSent(String to, String body, Instant since) {
        Instant notBefore = since.minus(CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
        try {
            // DateSent filters by day; a message Twilio still holds as queued has no date_sent yet, so look
            // again by recipient alone (newest first) before concluding Twilio never took it.
            ZonedDateTime day = notBefore.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
            Optional<String> found = match(Message.reader().setTo(to).setDateSentAfter(day).setPageSize(100L).read(client),
                    body, notBefore, false);
            if (found.isEmpty()) {
                found = match(Message.reader().setTo(to).setPageSize(100L).read(client), body, notBefore, true);
            }
            return found;
        } catch (TwilioException e) {
            SendResult why = failure(e, http.takeLastResponse());
            throw new ProviderUnavailableException("Twilio message list unavailable: " + why.errorCode() + " " + why.errorMessage(), e);
        } finally {
            http.takeLastResponse();
        }
    }

    private static Optional<String> match(ResourceSet<Message> messages, String body, Instant notBefore, boolean stopAtOlder) {
        long seen = 0;
        for (Message m : messages.setLimit(MAX_RECONCILE_RECORDS)) {
            Instant created = m.getDateCreated() == null ? null : m.getDateCreated().toInstant();
            if (created != null && !created.isBefore(notBefore) && body.equals(m.getBody())) {
                return Optional.of(m.getSid());
            }
            if (stopAtOlder && created != null && created.isBefore(notBefore) && ++seen > 20) {
                break; // listed newest first: well past the claim time, nothing newer can follow
            }
        }
        return Optional.empty();
    }

    @Override
    public String problem() {
        try {
            Account account = Account.fetcher(settings.accountSid()).fetch(client);
            return account.getStatus() == Account.Status.ACTIVE ? null : "Twilio account is " + account.getStatus();
        } catch (TwilioException e) {
            SendResult why = failure(e, http.takeLastResponse());
            return "Twilio unreachable or refusing us: " + why.errorCode() + " " + why.errorMessage();
        } finally {
            http.takeLastResponse();
        }
    }

    @Override
    public String kind() {
        return "twilio";
    }

    @Override
    public void close() {
        http.close();
    }

    static SendResult failure(TwilioException e, Response response) {
        int status = response == null ? 0 : response.getStatusCode();
        Duration retryAfter = response == null ? null : RetryAfter.parse(response.getHeaders(), Instant.now());
        if (response == null) {
            boolean neverSent = causedBy(e, ConnectException.class) || causedBy(e, UnknownHostException.class)
                    || causedBy(e, ConnectTimeoutException.class);
            return SendResult.failed(Outcome.TRANSIENT, neverSent ? "connect" : "network", e.getMessage(), null);
        }
        Integer code = e instanceof ApiException api ? api.getCode() : null;
        Outcome outcome = TwilioErrors.classify(code, status);
        return SendResult.failed(outcome, code != null ? code.toString() : Integer.toString(status), e.getMessage(), retryAfter);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
