package org.actionalerts.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.actionalerts.consent.Channel;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door into the outbox, one method per kind of message: nothing else writes an outbox row. Apart from the
 * campaign fan-out (and an action thank-you), none needs the person's alert consent (they asked, or they are staff
 * and attorneys) and none waits out quiet hours except a non-urgent case reply.
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
    public boolean mayAnswerAutomatically(Channel channel, String to) {
        return channel != Channel.SMS || automaticTexts.allows(to);
    }

    /** Now on the clock every outbox decision uses: the due time of a campaign's fan-out. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * An answer to what the person just asked (STOP, HELP, a help request): sent at once, at any hour. Empty when
     * it is a text to a country outside {@code SMS_ALLOWED_COUNTRIES}: then nothing is queued.
     */
    public OptionalLong autoReply(Handle h, Long supporterId, Channel channel, String to, String subject, String body) {
        if (!allowed("auto-reply", supporterId, channel, to)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(insert(h, NewMessage.asked(Kind.AUTO_REPLY, supporterId, channel, to, subject, body)));
    }

    /**
     * The acknowledgement of a help request. A kind of its own, because it is case content: the supporter's
     * message history (staff) leaves it out. Empty, as {@link #autoReply}, for a text outside the allowed countries.
     */
    public OptionalLong caseAcknowledgement(Handle h, Long supporterId, Channel channel, String to, String subject,
                                            String body) {
        if (!allowed("case-ack", supporterId, channel, to)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(insert(h, NewMessage.asked(Kind.CASE_ACK, supporterId, channel, to, subject, body)));
    }

    private boolean allowed(String kind, Long supporterId, Channel channel, String to) {
        if (mayAnswerAutomatically(channel, to)) {
            return true;
        }
        // Never the number: the country code alone says why.
        LOG.info("No automatic text ({}) to supporter {}: a number in {} is outside SMS_ALLOWED_COUNTRIES",
                kind, supporterId, SmsCountries.regionOf(to));
        return false;
    }

    /** An attorney's answer on a case; only an urgent case's answer ignores quiet hours. */
    public long caseReply(Handle h, Long supporterId, Channel channel, boolean urgent, String to, String subject,
                          String body) {
        return insert(h, new NewMessage(Kind.CASE_REPLY, null, supporterId, channel, false, urgent, to, subject, body,
                null));
    }

    /** A page to a member of staff or an attorney (an urgent case arrived). */
    public long notification(Handle h, Channel channel, String to, String subject, String body) {
        return insert(h, NewMessage.asked(Kind.NOTIFICATION, null, channel, to, subject, body));
    }

    /**
     * A thank-you for an action reply ("DONE"): sent at once, only while the person is still subscribed (a STOP
     * that arrives meanwhile wins), and like every automatic text only to the allowed countries.
     */
    public OptionalLong actionThanks(Handle h, long supporterId, long campaignId, String to, String body) {
        if (!allowed("action-thanks", supporterId, Channel.SMS, to)) {
            return OptionalLong.empty();
        }
        // Needs consent: a thank-you is not what they asked for, so a STOP that arrives meanwhile wins.
        return OptionalLong.of(insert(h, new NewMessage(Kind.AUTO_REPLY, null, supporterId, Channel.SMS, true, true, to,
                null, body, null)));
    }

    /** A campaign rendered to a staff member's own phone or inbox. */
    public long testSend(Handle h, long campaignId, Channel channel, String to, String subject, String body, String html) {
        return insert(h, new NewMessage(Kind.TEST, campaignId, null, channel, false, true, to, subject, body, html));
    }

    /**
     * Whom a campaign goes to, as campaigns chooses them: {@code select} is a query that yields the columns
     * {@code supporter_id} and {@code channel} (each pair once), {@code binds} binds its parameters.
     */
    public record Recipients(String select, Consumer<Update> binds) {}

    /**
     * A campaign's fan-out: every recipient written in one set-based statement, due at {@code due}, each checked for
     * consent and quiet hours when claimed. Recipients already there (a second launch) are skipped.
     */
    public static int fanOut(Handle h, long campaignId, boolean urgent, Instant due, Recipients recipients) {
        Update insert = h.createUpdate("""
                INSERT INTO outbox (kind, campaign_id, supporter_id, channel, needs_consent, urgent, priority, not_before)
                SELECT :fanOutKind, :fanOutCampaign, r.supporter_id, r.channel, true, :fanOutUrgent,
                       CASE WHEN :fanOutUrgent THEN 1 ELSE 2 END, :fanOutDue
                  FROM (%s) r
                ON CONFLICT (campaign_id, supporter_id, channel) DO NOTHING""".formatted(recipients.select()));
        recipients.binds().accept(insert);
        return insert.bind("fanOutKind", Kind.CAMPAIGN.dbValue())
                .bind("fanOutCampaign", campaignId)
                .bind("fanOutUrgent", urgent)
                .bind("fanOutDue", due)
                .execute();
    }

    /**
     * Retention: these messages keep their row and times but lose their words and whom they went to, and their
     * delivery receipts go: the provider's id of each (and its receipts) would lead back to the number at Twilio.
     */
    public static void eraseContent(Handle h, long[] outboxIds) {
        h.createUpdate("""
                DELETE FROM delivery_receipts
                 WHERE provider_id IN (SELECT o.provider_id FROM outbox o
                                        WHERE o.id = ANY(:ids) AND o.provider_id IS NOT NULL)""")
                .bind("ids", outboxIds).execute();
        h.createUpdate("""
                UPDATE outbox SET body = NULL, subject = NULL, html = NULL, recipient = NULL, supporter_id = NULL,
                       error_message = NULL, provider_id = NULL
                 WHERE id = ANY(:ids)""")
                .bind("ids", outboxIds).execute();
    }

    private static final String INSERT = """
            INSERT INTO outbox (kind, campaign_id, supporter_id, channel, needs_consent, urgent, recipient, subject, body, html,
                                not_before)
            VALUES (:kind, :campaignId, :supporterId, :channel, :needsConsent, :urgent, :recipient, :subject, :body, :html,
                    :notBefore)""";

    private long insert(Handle h, NewMessage m) {
        return h.createUpdate(INSERT)
                .bind("kind", m.kind().dbValue()).bind("campaignId", m.campaignId()).bind("supporterId", m.supporterId())
                .bind("channel", m.channel().dbValue()).bind("needsConsent", m.needsConsent()).bind("urgent", m.urgent())
                .bind("recipient", m.recipient()).bind("subject", m.subject()).bind("body", m.body()).bind("html", m.html())
                .bind("notBefore", clock.instant())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }
}
