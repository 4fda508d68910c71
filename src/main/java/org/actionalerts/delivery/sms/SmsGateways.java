package org.actionalerts.delivery.sms;

import org.actionalerts.delivery.sms.twilio.TwilioSmsGateway;
import org.actionalerts.platform.SmsSettings;

/** Picks the SMS gateway the settings ask for: Twilio, or dry-run when no account SID is set. */
public final class SmsGateways {

    private SmsGateways() {}

    public static SmsGateway fromSettings(SmsSettings settings, String publicBaseUrl) {
        return settings.dryRun() ? new DryRunSmsGateway() : new TwilioSmsGateway(settings, publicBaseUrl);
    }
}
