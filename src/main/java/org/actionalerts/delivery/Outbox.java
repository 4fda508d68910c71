package org.actionalerts.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door into the outbox for every message that is not a campaign fan-out, one method per kind of message.
 * None of these needs the person's alert consent (they asked, or they are staff and attorneys) and none waits out
 * quiet hours except a non-urgent case reply.
 *
 * <p>One clock: a message is due from the application {@link Clock}'s now, because the dispatcher compares
 * {@code not_before} with that same clock ({@link OutboxClaims}). PostgreSQL's {@code now()} is never used for a
 * due time, a lease or a send time that a decision reads back.
 *
 * <p>Automatic texts (auto-replies and acknowledgements) go only to numbers in {@link SmsCountries}: anyone can make
 * us send them, so they must not reach premium or far-away numbers.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Clock clock;
    private final SmsCountries automaticTexts;

    /** An outbox that sends no automatic texts (campaigns, case replies, pages). */
    public Outbox(Clock clock) {
        this(clock, SmsCountries.NONE);
    }

    /** {@code automaticTexts}: the countries auto-replies and acknowledgements by SMS may go to. */
    public Outbox(Clock clock, SmsCountries automaticTexts) {
        this.clock = clock;
        this.automaticTexts = automaticTexts;
    }

    /** Whether an automatic message may go by this channel to this address (email always; SMS by country). */
    public boolean mayAnswerAutomatically(String channel, String to) {
        return !"sms".equals(channel) || automaticTexts.allows(to);
    }

    /** Now on the clock every outbox decision uses: the due time of a campaign's fan-out. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * An answer to what the person just asked (STOP, HELP, a help request): sent at once, at any hour. Empty when
     * it is a text to a country outside {@code SMS_ALLOWED_COUNTRIES}: then nothing is queued.
     */
    public OptionalLong autoReply(Handle h, Long supporterId, String channel, String to, String subject, String body) {
        if (!allowed("auto-reply", supporterId, channel, to)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(insert(h, new NewMessage("auto-reply", null, supporterId, channel, false, true, to,
                subject, body, null)));
    }

    /**
     * The acknowledgement of a help request. A kind of its own, because it is case content: the supporter's
     * message history (staff) leaves it out. Empty, as {@link #autoReply}, for a text outside the allowed countries.
     */
    public OptionalLong caseAcknowledgement(Handle h, Long supporterId, String channel, String to, String subject,
                                            String body) {
        if (!allowed("case-ack", supporterId, channel, to)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(insert(h, new NewMessage("case-ack", null, supporterId, channel, false, true, to,
                subject, body, null)));
    }

    private boolean allowed(String kind, Long supporterId, String channel, String to) {
        if (mayAnswerAutomatically(channel, to)) {
            return true;
        }
        // Never the number: the country code alone says why.
        LOG.info("No automatic text ({}) to supporter {}: a number in {} is outside SMS_ALLOWED_COUNTRIES",
                kind, supporterId, SmsCountries.regionOf(to));
        return false;
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

    /**
     * A thank-you for an action reply ("DONE"): sent at once, only while the person is still subscribed (a STOP
     * that arrives meanwhile wins), and like every automatic text only to the allowed countries.
     */
    public OptionalLong actionThanks(Handle h, long supporterId, long campaignId, String to, String body) {
        if (!allowed("action-thanks", supporterId, "sms", to)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(insert(h, new NewMessage("auto-reply", null, supporterId, "sms", true, true, to,
                null, body, null)));
    }

    /** A campaign rendered to a staff member's own phone or inbox. */
    public long testSend(Handle h, long campaignId, String channel, String to, String subject, String body, String html) {
        return insert(h, new NewMessage("test", campaignId, null, channel, false, true, to, subject, body, html));
    }

    private long insert(Handle h, NewMessage message) {
        return h.attach(OutboxDao.class).insert(message, clock.instant());
    }
}
