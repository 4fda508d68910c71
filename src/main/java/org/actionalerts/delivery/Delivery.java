package org.actionalerts.delivery;

import java.time.Instant;
import org.actionalerts.consent.Channel;

/**
 * A message claimed and marked sending, ready for the provider: rendered, addressed, leased.
 * {@code unsubscribeUrl} is set for campaign email.
 */
public record Delivery(long id, Kind kind, Long campaignId, Long supporterId, Channel channel, String recipient,
                       String subject, String body, String html, String unsubscribeUrl, int attempts, Instant claimedAt) {}
