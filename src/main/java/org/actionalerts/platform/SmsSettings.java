package org.actionalerts.platform;

import jakarta.validation.constraints.Min;

/** Twilio settings. A blank account SID means dry-run: messages are recorded as sent and nothing leaves the machine. */
public record SmsSettings(String accountSid, String authToken, String fromNumber, String messagingServiceSid,
                          String apiBaseUrl, @Min(1) int ratePerSecond, String quietHours) {
    public static final SmsSettings DRY_RUN =
            new SmsSettings("", "", "", "", "https://api.twilio.com", 1, "21:00-09:00");

    public boolean dryRun() {
        return accountSid == null || accountSid.isBlank();
    }
}
