package org.actionalerts.delivery.email.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few connected SMTP transports shared by the sending threads: a TCP + TLS + AUTH handshake per message
 * would cost more than the message. At most {@code size} connections exist at once; a borrower waits for one.
 * Idle connections are checked with NOOP before reuse (servers drop idle sessions), and each is retired
 * after {@code maxMessagesPerConnection} because many servers cap messages per session.
 */
final class SmtpConnectionPool implements AutoCloseable {

    private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    /** A connected transport and how it has been used. */
    static final class Connection {
        final Transport transport;
        long lastUsedNanos = System.nanoTime();
        int messages;

        Connection(Transport transport) {
            this.transport = transport;
        }
    }

    private final Session session;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final int maxMessagesPerConnection;
    private final Semaphore permits;
    private final BlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    SmtpConnectionPool(Session session, String host, int port, String username, String password, int size,
                       int maxMessagesPerConnection) {
        this.session = session;
        this.host = host;
        this.port = port;
        this.username = username == null || username.isBlank() ? null : username;
        this.password = this.username == null ? null : password;
        this.maxMessagesPerConnection = maxMessagesPerConnection;
        this.permits = new Semaphore(size, true);
    }

    /** A connected transport for this thread alone; hand it back with {@link #release}. */
    Connection borrow() throws MessagingException {
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new MessagingException("No SMTP connection free after " + BORROW_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("Interrupted waiting for an SMTP connection", e);
        }
        try {
            Connection c;
            // Most recently used first: the others age out and get checked or dropped.
            while ((c = idle.pollFirst()) != null) {
                if (System.nanoTime() - c.lastUsedNanos < CHECK_AFTER_IDLE_NANOS || c.transport.isConnected()) {
                    return c;
                }
                quietlyClose(c);
            }
            return open();
        } catch (MessagingException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection; a broken one (the send failed in a way that may leave the session unusable) is closed. */
    void release(Connection c, boolean reusable) {
        try {
            c.lastUsedNanos = System.nanoTime();
            if (reusable && !closed && c.messages < maxMessagesPerConnection) {
                idle.offerFirst(c);
            } else {
                quietlyClose(c);
            }
        } finally {
            permits.release();
        }
    }

    /** How many SMTP connections this pool has opened so far: for metrics and for proving reuse. */
    int connectionsOpened() {
        return opened.get();
    }

    private Connection open() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        transport.connect(host, port, username, password);
        opened.incrementAndGet();
        return new Connection(transport);
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            quietlyClose(c);
        }
    }

    private static void quietlyClose(Connection c) {
        try {
            c.transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // The connection is being thrown away; a failed QUIT changes nothing.
        }
    }
}
