package org.actionalerts.delivery.sms;

import java.time.Instant;
import java.util.Optional;
import org.actionalerts.delivery.SendResult;

/** Sends texts through a provider (Twilio) or nowhere (dry-run). Implementations are thread-safe. */
public interface SmsGateway extends AutoCloseable {
    SendResult send(SmsMessage message);

    /**
     * Crash reconciliation: the provider's id of a message with this recipient and body sent at or after
     * {@code since}, if the provider has one. Empty means the provider never took it, so it may be sent again.
     *
     * @throws org.actionalerts.delivery.ProviderUnavailableException when the provider cannot be asked: that is
     *         not "never took it", so the row must stay unresolved and be reconciled later
     */
    Optional<String> findSent(String to, String body, Instant since);

    /** For the health check: can we reach the provider with our credentials? Null when healthy, else why not. */
    String problem();

    /** "twilio" or "dry-run". */
    String kind();

    /** Releases connections; the gateway is unusable afterwards. */
    @Override
    default void close() {}
}
