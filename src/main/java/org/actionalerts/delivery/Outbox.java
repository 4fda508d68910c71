package org.actionalerts.delivery;

import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The door into the outbox for every message that is not a campaign fan-out, one method per kind of message.
 * None of these needs the person's alert consent (they asked, or they are staff and attorneys) and none waits out
 * quiet hours except a non-urgent case reply.
 *
 * <p>One clock: a message is due from the application {@link Clock}'s now, because the dispatcher compares
 * {@code not_before} with that same clock ({@link OutboxClaims}). PostgreSQL's {@code now()} is never used for a
 * due time, a lease or a send time that a decision reads back.
 */
public final class Outbox {
    private final Clock clock;

    public Outbox(Clock clock) {
        this.clock = clock;
    }

    /** Now on the clock every outbox decision uses: the due time of a campaign's fan-out. */
    public Instant now() {
        return clock.instant();
    }

    /** An answer to what the person just asked (STOP, HELP, a help request): sent at once, at any hour. */
    public long autoReply(Handle h, Long supporterId, String channel, String to, String subject, String body) {
        return insert(h, new NewMessage("auto-reply", null, supporterId, channel, false, true, to, subject, body, null));
    }

    /**
     * The acknowledgement of a help request. A kind of its own, because it is case content: the supporter's
     * message history (staff) leaves it out.
     */
    public long caseAcknowledgement(Handle h, long supporterId, String channel, String to, String subject, String body) {
        return insert(h, new NewMessage("case-ack", null, supporterId, channel, false, true, to, subject, body, null));
    }

    /** An attorney's answer on a case; only an urgent case's answer ignores quiet hours. */
    public long caseReply(Handle h, Long supporterId, String channel, boolean urgent, String to, String subject,
                          String body) {
        return insert(h, new NewMessage("case-reply", null, supporterId, channel, false, urgent, to, subject, body, null));
    }

    /** A page to a member of staff or an attorney (an urgent case arrived). */
    public long notification(Handle h, String channel, String to, String subject, String body) {
        return insert(h, new NewMessage("notification", null, null, channel, false, true, to, subject, body, null));
    }

    /** A campaign rendered to a staff member's own phone or inbox. */
    public long testSend(Handle h, long campaignId, String channel, String to, String subject, String body, String html) {
        return insert(h, new NewMessage("test", campaignId, null, channel, false, true, to, subject, body, html));
    }

    private long insert(Handle h, NewMessage message) {
        return h.attach(OutboxDao.class).insert(message, clock.instant());
    }
}
