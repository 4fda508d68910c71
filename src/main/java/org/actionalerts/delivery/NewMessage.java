package org.actionalerts.delivery;

/**
 * A message for the outbox that is not part of a campaign fan-out: a test send, an auto-reply, a case reply.
 * {@code needsConsent} false is for messages the person asked for (a STOP confirmation, a HELP answer).
 */
public record NewMessage(String kind, Long campaignId, Long supporterId, String channel, boolean needsConsent,
                         boolean urgent, String recipient, String subject, String body, String html) {}
