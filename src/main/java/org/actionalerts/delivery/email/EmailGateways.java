package org.actionalerts.delivery.email;

import org.actionalerts.delivery.email.smtp.SmtpEmailGateway;
import org.actionalerts.platform.EmailSettings;
import org.actionalerts.platform.Organisation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the email gateway the settings ask for: SMTP, or dry-run when none of the SMTP variables is set. */
public final class EmailGateways {

    /** Said at start-up (WARN) and by {@code /healthcheck} when email is in dry-run mode. */
    public static final String DRY_RUN_NOTICE = "dry-run: none of " + String.join(", ", EmailSettings.VARIABLES)
            + " is set, so email is recorded as sent and nothing leaves the machine";

    private static final Logger log = LoggerFactory.getLogger(EmailGateways.class);

    private EmailGateways() {}

    /** @throws IllegalArgumentException naming the missing variables when SMTP is only partly configured */
    public static EmailGateway fromSettings(EmailSettings settings, Organisation organisation) {
        if (settings.dryRun()) {
            log.warn("Email {}", DRY_RUN_NOTICE);
            return new DryRunEmailGateway();
        }
        return new SmtpEmailGateway(settings, organisation);
    }
}
