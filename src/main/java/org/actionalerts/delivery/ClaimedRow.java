package org.actionalerts.delivery;

/** A due outbox row joined with what the claim decision needs about its recipient. */
public record ClaimedRow(long id, String kind, Long campaignId, Long supporterId, String channel, boolean needsConsent,
                  boolean urgent, String recipient, String subject, String body, String html, int attempts,
                  String phone, String email, String smsStatus, String emailStatus, String state, String county,
                  String firstName, String lastName, String language, String unsubscribeToken) {}
