package org.actionalerts.delivery;

import org.actionalerts.consent.Channel;

/**
 * A message for the outbox that is not part of a campaign fan-out, as {@link Outbox} writes it; outside delivery
 * each kind has its own method there. {@code needsConsent} false is for messages the person asked for (a STOP
 * confirmation, a HELP answer), and staff's own messages.
 */
record NewMessage(Kind kind, Long campaignId, Long supporterId, Channel channel, boolean needsConsent, boolean urgent,
                  String recipient, String subject, String body, String html) {
    /** Something the person asked for, or a page to staff: no consent needed, sent at once, at any hour. */
    static NewMessage asked(Kind kind, Long supporterId, Channel channel, String to, String subject, String body) {
        return new NewMessage(kind, null, supporterId, channel, false, true, to, subject, body, null);
    }
}
