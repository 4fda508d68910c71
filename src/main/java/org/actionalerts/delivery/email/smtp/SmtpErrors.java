package org.actionalerts.delivery.email.smtp;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import org.actionalerts.delivery.SendResult;
import org.actionalerts.delivery.SendResult.Outcome;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What an SMTP failure means for the dispatcher. 4xx replies and connection trouble are worth retrying;
 * a 5xx for the recipient (550 no such mailbox, 553 bad address) is permanent for that recipient; a
 * refused login or a refused sender (our From) stops all email, so it is systemic.
 * Error codes look like "smtp-550", "smtp-auth", "smtp-connect".
 */
final class SmtpErrors {

    private SmtpErrors() {}

    static SendResult classify(MessagingException e) {
        String message = e.getMessage();
        if (e instanceof AuthenticationFailedException) {
            return SendResult.failed(Outcome.SYSTEMIC, "smtp-auth", message, null);
        }
        SMTPAddressFailedException recipient = find(e, SMTPAddressFailedException.class);
        if (recipient != null) {
            return byReplyCode(recipient.getReturnCode(), Outcome.PERMANENT, recipient.getMessage());
        }
        SMTPSenderFailedException sender = find(e, SMTPSenderFailedException.class);
        if (sender != null) {
            return byReplyCode(sender.getReturnCode(), Outcome.SYSTEMIC, sender.getMessage());
        }
        SMTPSendFailedException failed = find(e, SMTPSendFailedException.class);
        if (failed != null) {
            int code = failed.getReturnCode();
            // 530/534/535/538: the server wants (other) authentication from us.
            boolean authentication = code == 530 || code == 534 || code == 535 || code == 538;
            return byReplyCode(code, authentication ? Outcome.SYSTEMIC : Outcome.PERMANENT, failed.getMessage());
        }
        if (e instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
                && sendFailed.getInvalidAddresses().length > 0) {
            return SendResult.failed(Outcome.PERMANENT, "smtp-invalid-address", message, null);
        }
        if (find(e, IOException.class) != null || message != null && message.startsWith("Couldn't connect")) {
            return SendResult.failed(Outcome.TRANSIENT, "smtp-connect", message, null);
        }
        return SendResult.failed(Outcome.TRANSIENT, "smtp-error", message, null);
    }

    /** A recipient-side failure that leaves the SMTP session usable (the transport sends RSET). */
    static boolean sessionStillUsable(SendResult result) {
        return result.outcome() == Outcome.PERMANENT && result.errorCode().startsWith("smtp-5");
    }

    private static SendResult byReplyCode(int code, Outcome onPermanentReply, String message) {
        if (code >= 500) {
            return SendResult.failed(onPermanentReply, "smtp-" + code, message, null);
        }
        return SendResult.failed(Outcome.TRANSIENT, code > 0 ? "smtp-" + code : "smtp-error", message, null);
    }

    // Jakarta Mail chains causes through both getCause() and MessagingException.getNextException().
    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (int depth = 0; e != null && depth < 10; depth++) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            Throwable next = e instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : e.getCause();
            e = next == e ? null : next;
        }
        return null;
    }
}
