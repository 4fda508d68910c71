package org.actionalerts.platform;

import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;

/**
 * Twilio settings. None of the Twilio variables set means dry-run: messages are recorded as sent and nothing
 * leaves the machine. Some set and others missing is a mistake the service refuses to start with
 * ({@link #missing()}), so a typo can never silently turn SMS off. {@code allowedCountries}: ISO codes,
 * comma-separated, of the countries automatic texts (acknowledgements, STOP, START and HELP answers) may go to; see
 * {@code SmsCountries}.
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

    /** The variables whose presence means "send texts through Twilio" (TWILIO_API_BASE_URL has a default). */
    public static final List<String> VARIABLES =
            List.of("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID");

    /** True only when none of {@link #VARIABLES} is set. */
    public boolean dryRun() {
        return blank(accountSid) && blank(authToken) && blank(fromNumber) && blank(messagingServiceSid);
    }

    /**
     * The environment variables a Twilio set-up still lacks, by name (never their values): empty when Twilio is
     * fully configured or when nothing is (dry-run).
     */
    public List<String> missing() {
        if (dryRun()) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        if (blank(accountSid)) {
            missing.add("TWILIO_ACCOUNT_SID");
        }
        if (blank(authToken)) {
            missing.add("TWILIO_AUTH_TOKEN");
        }
        if (blank(fromNumber) && blank(messagingServiceSid)) {
            missing.add("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID");
        }
        return missing;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
