package org.actionalerts.delivery.sms;

import org.actionalerts.delivery.sms.twilio.TwilioSmsGateway;
import org.actionalerts.platform.SmsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the SMS gateway the settings ask for: Twilio, or dry-run when none of the Twilio variables is set. */
public final class SmsGateways {

    /** Said at start-up (WARN) and by {@code /healthcheck} when SMS is in dry-run mode. */
    public static final String DRY_RUN_NOTICE = "dry-run: none of " + String.join(", ", SmsSettings.VARIABLES)
            + " is set, so texts are recorded as sent and nothing leaves the machine";

    private static final Logger log = LoggerFactory.getLogger(SmsGateways.class);

    private SmsGateways() {}

    /** @throws IllegalArgumentException naming the missing variables when Twilio is only partly configured */
    public static SmsGateway fromSettings(SmsSettings settings, String publicBaseUrl) {
        if (settings.dryRun()) {
            log.warn("SMS {}", DRY_RUN_NOTICE);
            return new DryRunSmsGateway();
        }
        return new TwilioSmsGateway(settings, publicBaseUrl);
    }
}
