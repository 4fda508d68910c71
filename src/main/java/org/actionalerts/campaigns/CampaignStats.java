package org.actionalerts.campaigns;

/** Live counts from the outbox; {@code recipients} is every message written at launch, whatever became of it. */
public record CampaignStats(long recipients, long queued, long sending, long sent, long delivered, long failed,
                            long suppressed, long cancelled, long replies) {}
