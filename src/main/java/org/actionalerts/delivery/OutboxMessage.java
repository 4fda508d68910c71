package org.actionalerts.delivery;

import java.time.Instant;
import org.actionalerts.consent.Channel;

/** One row of the outbox as the API shows it (per-recipient outcome of a campaign, a person's message history). */
public record OutboxMessage(long id, Kind kind, Long campaignId, Long supporterId, Channel channel, Status status,
                            String recipient, String subject, String body, int attempts, String providerId,
                            String errorCode, String errorMessage, Instant createdAt, Instant sentAt, Instant updatedAt) {}
