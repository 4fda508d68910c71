package org.actionalerts.delivery.sms.twilio;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.hc.core5.http.Header;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110). */
final class RetryAfter {

    private RetryAfter() {}

    static Duration parse(Header[] headers, Instant now) {
        if (headers == null) {
            return null;
        }
        for (Header header : headers) {
            if ("Retry-After".equalsIgnoreCase(header.getName()) && header.getValue() != null) {
                return parse(header.getValue().trim(), now);
            }
        }
        return null;
    }

    static Duration parse(String value, Instant now) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
