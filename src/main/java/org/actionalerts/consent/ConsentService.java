package org.actionalerts.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The rules of consent. Every change is an appended event; the current status follows from it.
 * Staff, imports and sign-up forms can subscribe someone who has never said anything, but never someone who
 * unsubscribed: only the person can undo their own opt-out ({@link #personOptIn}). Methods taking a
 * {@link Handle} join the caller's transaction.
 */
public class ConsentService {
    private final Jdbi jdbi;

    public ConsentService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Opt-in given on someone's behalf (sign-up, import, staff): applies only while the status is {@code none}. */
    public boolean optIn(Handle h, long supporterId, Channel channel, ConsentStatus current, String source, String evidence) {
        if (current != ConsentStatus.NONE) {
            return false;
        }
        h.attach(ConsentDao.class).append(supporterId, channel.wireName(), ConsentStatus.SUBSCRIBED.wireName(), source, evidence);
        return true;
    }

    /** The person revoked consent (STOP, unsubscribe link, by phone to staff, carrier opt-out). Always honoured. */
    public boolean optOut(Handle h, long supporterId, Channel channel, ConsentStatus current, String source, String evidence) {
        if (current == ConsentStatus.UNSUBSCRIBED) {
            return false;
        }
        h.attach(ConsentDao.class).append(supporterId, channel.wireName(), ConsentStatus.UNSUBSCRIBED.wireName(), source, evidence);
        return true;
    }

    /** The person themself asked to (re)subscribe, e.g. by texting START: lifts an earlier opt-out and suppression. */
    public void personOptIn(Handle h, long supporterId, Channel channel, String address, String source, String evidence) {
        ConsentDao dao = h.attach(ConsentDao.class);
        dao.append(supporterId, channel.wireName(), ConsentStatus.SUBSCRIBED.wireName(), source, evidence);
        dao.unsuppress(channel.wireName(), digest(channel, address));
    }

    public List<ConsentEvent> history(long supporterId) {
        return jdbi.withHandle(h -> h.attach(ConsentDao.class).history(supporterId));
    }

    /** Keeps an erased person's unsubscribed number or address blocked, without keeping the number itself. */
    public void suppressForever(Handle h, Channel channel, String address) {
        h.attach(ConsentDao.class).suppress(channel.wireName(), digest(channel, address));
    }

    public boolean isSuppressed(Handle h, Channel channel, String address) {
        return address != null
                && !h.attach(ConsentDao.class).suppressed(channel.wireName(), new byte[][] {digest(channel, address)}).isEmpty();
    }

    /** Phone numbers in E.164; email addresses compared in lower case. */
    public static byte[] digest(Channel channel, String address) {
        String canonical = channel == Channel.EMAIL ? address.toLowerCase(Locale.ROOT) : address;
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((channel.wireName() + ":" + canonical).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
