package org.actionalerts.delivery.email;

import org.actionalerts.delivery.email.smtp.SmtpEmailGateway;
import org.actionalerts.platform.EmailSettings;
import org.actionalerts.platform.Organisation;

/** Picks the email gateway the settings ask for: SMTP, or dry-run when no host is set. */
public final class EmailGateways {

    private EmailGateways() {}

    public static EmailGateway fromSettings(EmailSettings settings, Organisation organisation) {
        return settings.dryRun() ? new DryRunEmailGateway() : new SmtpEmailGateway(settings, organisation);
    }
}
