package org.actionalerts.delivery;

import java.time.Duration;

/**
 * What a provider said about one message. The dispatcher reacts to the outcome; gateways never throw for a
 * provider's answer (only for programming errors).
 *
 * @param providerId  the provider's id for the message (Twilio MessageSid, SMTP Message-ID) when accepted
 * @param errorCode   the provider's error code (e.g. "21610", "30007", "503", "smtp-550") when not accepted
 * @param retryAfter  how long the provider asked us to wait (HTTP Retry-After), or null
 */
public record SendResult(Outcome outcome, String providerId, String errorCode, String errorMessage, Duration retryAfter) {

    public enum Outcome {
        /** Taken by the provider; delivery reports may follow. */
        ACCEPTED,
        /** Worth retrying later: network trouble, 5xx, 429, carrier congestion (30001, 30008). */
        TRANSIENT,
        /** Will never work for this recipient: invalid or unreachable number (21211, 21614, 30005, 30006), mailbox rejected. */
        PERMANENT,
        /** The recipient has opted out at the carrier or provider (Twilio 21610): record an opt-out. */
        OPTED_OUT,
        /** Something is wrong with our account or sending as a whole (bad credentials, suspended, 30007 filtering): pause. */
        SYSTEMIC
    }

    public static SendResult accepted(String providerId) {
        return new SendResult(Outcome.ACCEPTED, providerId, null, null, null);
    }

    public static SendResult failed(Outcome outcome, String errorCode, String errorMessage, Duration retryAfter) {
        return new SendResult(outcome, null, errorCode, errorMessage, retryAfter);
    }
}
