package org.actionalerts.delivery;

import org.actionalerts.consent.Channel;

/** A due outbox row joined with what the claim decision needs about its recipient. */
public record ClaimedRow(long id, Kind kind, Long campaignId, Long supporterId, Channel channel, boolean needsConsent,
                  boolean urgent, String recipient, String subject, String body, String html, int attempts,
                  String phone, String email, String smsStatus, String emailStatus, String state, String county,
                  String firstName, String lastName, String language, String unsubscribeToken) {}
