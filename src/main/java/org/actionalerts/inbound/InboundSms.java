package org.actionalerts.inbound;

/** A text as Twilio delivered it: {@code from} already normalised to E.164. */
public record InboundSms(String messageSid, String from, String body) {}
