package org.actionalerts.platform;

import jakarta.validation.constraints.Min;

/**
 * Twilio settings. A blank account SID means dry-run: messages are recorded as sent and nothing leaves the machine.
 * {@code allowedCountries}: ISO codes, comma-separated, of the countries automatic texts (acknowledgements, STOP,
 * START and HELP answers) may go to; see {@code SmsCountries}.
 */
public record SmsSettings(String accountSid, String authToken, String fromNumber, String messagingServiceSid,
                          String apiBaseUrl, @Min(1) int ratePerSecond, String quietHours, String allowedCountries) {
    public static final SmsSettings DRY_RUN =
            new SmsSettings("", "", "", "", "https://api.twilio.com", 1, "21:00-09:00", "US");

    public SmsSettings {
        // A config.yml from before the setting keeps answering US numbers rather than falling silent.
        allowedCountries = allowedCountries == null ? "US" : allowedCountries;
    }

    /** Automatic texts to the US only. */
    public SmsSettings(String accountSid, String authToken, String fromNumber, String messagingServiceSid,
                       String apiBaseUrl, int ratePerSecond, String quietHours) {
        this(accountSid, authToken, fromNumber, messagingServiceSid, apiBaseUrl, ratePerSecond, quietHours, "US");
    }

    public boolean dryRun() {
        return accountSid == null || accountSid.isBlank();
    }
}
