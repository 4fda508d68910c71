package org.actionalerts.delivery.sms;

/** One text to send: {@code to} in E.164. */
public record SmsMessage(String to, String body) {}
