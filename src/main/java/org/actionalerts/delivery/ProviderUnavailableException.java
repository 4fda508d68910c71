package org.actionalerts.delivery;

/**
 * The provider could not be asked (network, 5xx, credentials). Thrown where "no answer" must not be mistaken
 * for "no record", e.g. by {@code SmsGateway.findSent}: an empty answer there would trigger a resend.
 */
public class ProviderUnavailableException extends RuntimeException {
    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
