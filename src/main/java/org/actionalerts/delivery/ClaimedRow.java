package org.actionalerts.delivery;

import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentStatus;

/**
 * A due outbox row joined with what the claim decision needs about its recipient. The statuses are read by the
 * {@link ConsentStatus} column mapper; both are null for a row without a supporter.
 */
public record ClaimedRow(long id, Kind kind, Long campaignId, Long supporterId, Channel channel, boolean needsConsent,
                  boolean urgent, String recipient, String subject, String body, String html, int attempts,
                  String phone, String email, ConsentStatus smsStatus, ConsentStatus emailStatus, String state,
                  String county, String firstName, String lastName, String language, String unsubscribeToken) {

    /** The recipient's consent on this row's channel (null without a supporter). */
    ConsentStatus consent() {
        return channel == Channel.SMS ? smsStatus : emailStatus;
    }

    /** Whether consent lets this row go: it needs none, or the recipient is subscribed on its channel. */
    boolean consentAllows() {
        return !needsConsent || consent() == ConsentStatus.SUBSCRIBED;
    }
}
