package org.actionalerts.delivery.email;

/**
 * One email to send. {@code messageId} is deterministic per (campaign, supporter) so that a resend after a
 * crash carries the same Message-ID and receiving systems can drop the duplicate. {@code unsubscribeUrl}
 * goes into List-Unsubscribe and the footer; null for mail that is not a campaign (e.g. a reply).
 */
public record EmailMessage(String to, String subject, String text, String html, String messageId, String unsubscribeUrl) {}
