package org.actionalerts.delivery.email;

import org.actionalerts.delivery.SendResult;

/** Sends email through SMTP or nowhere (dry-run). Implementations are thread-safe and reuse connections. */
public interface EmailGateway extends AutoCloseable {
    SendResult send(EmailMessage message);

    /** For the health check: null when the server answers, else why not. */
    String problem();

    /** "smtp" or "dry-run". */
    String kind();

    @Override
    default void close() {}
}
