package org.actionalerts.delivery;

import java.time.Instant;

/**
 * A message claimed and marked sending, ready for the provider: rendered, addressed, leased.
 * {@code unsubscribeUrl} is set for campaign email.
 */
public record Delivery(long id, String kind, Long campaignId, Long supporterId, String channel, String recipient,
                       String subject, String body, String html, String unsubscribeUrl, int attempts, Instant claimedAt) {}
