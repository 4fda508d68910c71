package org.actionalerts.delivery.email;

import java.util.UUID;
import org.actionalerts.delivery.SendResult;
import org.actionalerts.platform.logging.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Used when no SMTP host is configured: every email is recorded as sent and nothing leaves the machine. */
public final class DryRunEmailGateway implements EmailGateway {

    private static final Logger log = LoggerFactory.getLogger(DryRunEmailGateway.class);

    @Override
    public SendResult send(EmailMessage message) {
        String id = message.messageId() != null ? message.messageId() : "dry-run-" + UUID.randomUUID();
        // A masked address and never the content: even dry-run logs can end up in shared places.
        log.debug("Dry run: email {} to {} not sent", id, Masking.text(message.to()));
        return SendResult.accepted(id);
    }

    @Override
    public String problem() {
        return null;
    }

    @Override
    public String kind() {
        return "dry-run";
    }
}
