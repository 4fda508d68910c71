package org.actionalerts.delivery.email.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.actionalerts.delivery.SendResult;
import org.actionalerts.delivery.SendResult.Outcome;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.email.EmailMessage;
import org.actionalerts.platform.EmailSettings;
import org.actionalerts.platform.Organisation;
import org.actionalerts.platform.logging.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email over SMTP with Jakarta Mail through a small pool of open connections. Thread-safe.
 *
 * <p>Delivery is at-least-once: if the service dies between the server's 250 and our record of it, the
 * message is sent again after restart with the same Message-ID, which receiving systems use to drop the copy.
 */
public final class SmtpEmailGateway implements EmailGateway {

    public static final int DEFAULT_POOL_SIZE = 8;
    /** Many servers end a session after ~100 messages; retire connections a little before that. */
    public static final int DEFAULT_MESSAGES_PER_CONNECTION = 90;

    private static final Logger log = LoggerFactory.getLogger(SmtpEmailGateway.class);

    private final Session session;
    private final AlertMail mail;
    private final SmtpConnectionPool pool;
    private final String host;

    public SmtpEmailGateway(EmailSettings settings, Organisation organisation) {
        this(settings, organisation, DEFAULT_POOL_SIZE, DEFAULT_MESSAGES_PER_CONNECTION);
    }

    public SmtpEmailGateway(EmailSettings settings, Organisation organisation, int poolSize, int messagesPerConnection) {
        if (settings.dryRun()) {
            throw new IllegalArgumentException("SMTP needs a host; use DryRunEmailGateway without one");
        }
        if (!settings.missing().isEmpty()) {
            throw new IllegalArgumentException("SMTP needs " + String.join(", ", settings.missing()));
        }
        this.host = settings.host();
        this.session = Session.getInstance(properties(settings));
        this.mail = new AlertMail(fromAddress(settings.from()), organisation);
        this.pool = new SmtpConnectionPool(session, settings.host(), settings.port(), settings.username(),
                settings.password(), poolSize, messagesPerConnection);
    }

    private static Properties properties(EmailSettings settings) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.auth", Boolean.toString(settings.username() != null && !settings.username().isBlank()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        // Asked for TLS means never silently sending in clear text.
        p.put("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.writetimeout", "30000");
        // Don't wait for the server's goodbye when a pooled connection is retired.
        p.put("mail.smtp.quitwait", "false");
        return p;
    }

    private static InternetAddress fromAddress(String from) {
        try {
            return new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("MAIL_FROM is not an email address", e);
        }
    }

    @Override
    public SendResult send(EmailMessage message) {
        MimeMessage mime;
        try {
            mime = mail.compose(session, message);
        } catch (MessagingException e) {
            // Only the recipient address can make composing fail: it will never work for this recipient.
            return SendResult.failed(Outcome.PERMANENT, "invalid-address", e.getMessage(), null);
        }
        SmtpConnectionPool.Connection connection;
        try {
            connection = pool.borrow();
        } catch (MessagingException e) {
            return SmtpErrors.classify(e);
        }
        boolean reusable = false;
        try {
            connection.transport.sendMessage(mime, mime.getAllRecipients());
            connection.messages++;
            reusable = true;
            return SendResult.accepted(mime.getMessageID());
        } catch (MessagingException e) {
            SendResult result = SmtpErrors.classify(e);
            reusable = SmtpErrors.sessionStillUsable(result);
            log.debug("SMTP refused mail to {}: {} {}", Masking.text(message.to()), result.errorCode(), result.outcome());
            return result;
        } finally {
            pool.release(connection, reusable);
        }
    }

    @Override
    public String problem() {
        try {
            pool.release(pool.borrow(), true);
            return null;
        } catch (MessagingException e) {
            SendResult why = SmtpErrors.classify(e);
            return "SMTP server " + host + " not usable: " + why.errorCode() + " " + why.errorMessage();
        }
    }

    @Override
    public String kind() {
        return "smtp";
    }

    /** SMTP connections opened since start: far fewer than messages sent when pooling works. */
    public int connectionsOpened() {
        return pool.connectionsOpened();
    }

    @Override
    public void close() {
        pool.close();
    }
}
