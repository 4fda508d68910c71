package org.actionalerts.delivery.sms;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.actionalerts.delivery.SendResult;
import org.actionalerts.platform.logging.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Used when no Twilio account is configured: every text is recorded as sent and nothing leaves the machine. */
public final class DryRunSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(DryRunSmsGateway.class);

    @Override
    public SendResult send(SmsMessage message) {
        String id = "dry-run-" + UUID.randomUUID();
        // Never the body, and only a masked number: even dry-run logs can end up in shared places.
        log.debug("Dry run: text {} to {} not sent", id, Masking.phone(message.to()));
        return SendResult.accepted(id);
    }

    /** Nothing was ever sent anywhere, so there is nothing to find. */
    @Override
    public Optional<String> findSent(String to, String body, Instant since) {
        return Optional.empty();
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
