package org.actionalerts.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one writer of consent. Every change is an appended event; the current status follows from it. Each method
 * locks the supporter's row and reads the status itself, and {@link ConsentRequest} decides what the request does
 * to it. Methods taking a {@link Handle} join the caller's transaction.
 */
public class ConsentService {
    private static final String SUPPRESSION_SOURCE = "suppression-list";
    private static final String SUPPRESSION_EVIDENCE = "unsubscribed before erasure";

    private final Jdbi jdbi;

    public ConsentService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Opt-in given on someone's behalf (sign-up, import, staff): applies only while the status is {@code none}. */
    public boolean optIn(Handle h, long supporterId, Channel channel, String source, String evidence) {
        return apply(h, supporterId, channel, ConsentRequest.OPT_IN_ON_BEHALF, source, evidence);
    }

    /** The person revoked consent (STOP, unsubscribe link, by phone to staff, carrier opt-out). Always honoured. */
    public boolean optOut(Handle h, long supporterId, Channel channel, String source, String evidence) {
        return apply(h, supporterId, channel, ConsentRequest.OPT_OUT, source, evidence);
    }

    /** The person themself asked to (re)subscribe, e.g. by texting START: lifts an earlier opt-out and suppression. */
    public void resubscribe(Handle h, long supporterId, Channel channel, String address, String source, String evidence) {
        apply(h, supporterId, channel, ConsentRequest.RESUBSCRIBE, source, evidence);
        h.attach(ConsentDao.class).unsuppress(channel.wireName(), digest(channel, address));
    }

    /**
     * A number or address an erased person had unsubscribed stays blocked on the record it turns up on: opted out
     * until the person opts in themself. True when {@code address} is suppressed (whether or not it was opted out
     * already); nothing happens for a null address.
     */
    public boolean optOutIfSuppressed(Handle h, long supporterId, Channel channel, String address) {
        if (!isSuppressed(h, channel, address)) {
            return false;
        }
        apply(h, supporterId, channel, ConsentRequest.SUPPRESSED, SUPPRESSION_SOURCE, SUPPRESSION_EVIDENCE);
        return true;
    }

    private boolean apply(Handle h, long supporterId, Channel channel, ConsentRequest request, String source,
                          String evidence) {
        ConsentDao dao = h.attach(ConsentDao.class);
        Optional<ConsentStatus> next = dao.lockStatus(supporterId, channel.wireName()).flatMap(request::decide);
        next.ifPresent(status -> dao.append(supporterId, channel.wireName(), status.wireName(), source, evidence));
        return next.isPresent();
    }

    public List<ConsentEvent> history(long supporterId) {
        return jdbi.withHandle(h -> h.attach(ConsentDao.class).history(supporterId));
    }

    /** Keeps an erased person's unsubscribed number or address blocked, without keeping the number itself. */
    public void suppressForever(Handle h, Channel channel, String address) {
        h.attach(ConsentDao.class).suppress(channel.wireName(), digest(channel, address));
    }

    private static boolean isSuppressed(Handle h, Channel channel, String address) {
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
