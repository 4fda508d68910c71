package org.actionalerts.delivery.email.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Date;
import java.util.Locale;
import org.actionalerts.delivery.email.EmailMessage;
import org.actionalerts.platform.Organisation;

/**
 * Turns an {@link EmailMessage} into a MIME message: text and HTML alternatives, our Message-ID, and for
 * campaign mail the one-click unsubscribe headers (RFC 2369, RFC 8058) and a footer naming the organisation.
 */
final class AlertMail {

    private final InternetAddress from;
    private final Organisation organisation;

    AlertMail(InternetAddress from, Organisation organisation) {
        this.from = from;
        this.organisation = organisation;
    }

    MimeMessage compose(Session session, EmailMessage email) throws MessagingException {
        MimeMessage mime = new FixedIdMimeMessage(session, messageId(email.messageId()));
        mime.setFrom(from);
        mime.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(email.to(), true));
        mime.setSubject(email.subject(), "UTF-8");
        mime.setSentDate(new Date());
        String unsubscribe = email.unsubscribeUrl();
        if (unsubscribe != null) {
            mime.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        String text = email.text() == null ? null : email.text() + textFooter(unsubscribe);
        String html = email.html() == null ? null : withHtmlFooter(email.html(), unsubscribe);
        if (text != null && html != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(part(text, "plain"));
            alternative.addBodyPart(part(html, "html")); // last is preferred by mail readers
            mime.setContent(alternative);
        } else if (html != null) {
            mime.setText(html, "UTF-8", "html");
        } else {
            mime.setText(text == null ? textFooter(unsubscribe) : text, "UTF-8", "plain");
        }
        mime.saveChanges();
        return mime;
    }

    private String textFooter(String unsubscribe) {
        if (unsubscribe == null) {
            return "";
        }
        return "\n\n--\nYou receive these alerts from " + organisation.name() + ".\nUnsubscribe: " + unsubscribe + "\n";
    }

    private String withHtmlFooter(String html, String unsubscribe) {
        if (unsubscribe == null) {
            return html;
        }
        String footer = "<hr><p style=\"font-size:12px;color:#666\">You receive these alerts from "
                + escape(organisation.name()) + ". <a href=\"" + escape(unsubscribe) + "\">Unsubscribe</a></p>";
        int end = html.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
        return end < 0 ? html + footer : html.substring(0, end) + footer + html.substring(end);
    }

    private static MimeBodyPart part(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, "UTF-8", subtype);
        return part;
    }

    private static String messageId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return id.startsWith("<") ? id : "<" + id + ">";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** Jakarta Mail replaces Message-ID on every saveChanges(); ours is deterministic so duplicates can be dropped. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (messageId == null) {
                super.updateMessageID();
            } else {
                setHeader("Message-ID", messageId);
            }
        }
    }
}
