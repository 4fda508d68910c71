package org.actionalerts.inbound;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.consent.ConsentStatus;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.delivery.SmsCountries;
import org.actionalerts.supporters.SupporterDirectory;
import org.jdbi.v3.core.Handle;

/**
 * The one place that decides what an incoming text means: opt-out, opt-in, help, a request for legal help,
 * a message for an open case, or a reply to an alert. Every answer goes through the outbox, so it shows in the
 * person's history.
 */
class InboundRouter {
    private final Clock clock;
    private final Outbox outbox;
    private final ConsentService consent;
    private final Keywords keywords;
    private final AutoReplies replies;
    private final InboundSettings settings;
    private final AssistanceDesk assistance;
    private final ActionReplies actions;

    /** {@code automaticTexts}: where STOP, START and HELP answers may go ({@code SMS_ALLOWED_COUNTRIES}). */
    public InboundRouter(Clock clock, ConsentService consent, InboundSettings settings,
                         org.actionalerts.platform.Organisation organisation, AssistanceDesk assistance,
                         SmsCountries automaticTexts) {
        this(clock, consent, settings, organisation, assistance, automaticTexts, ActionReplies.NONE);
    }

    /** {@code actions}: where replies that say the person acted ("DONE") are recorded. */
    public InboundRouter(Clock clock, ConsentService consent, InboundSettings settings,
                         org.actionalerts.platform.Organisation organisation, AssistanceDesk assistance,
                         SmsCountries automaticTexts, ActionReplies actions) {
        this.actions = actions;
        this.clock = clock;
        this.outbox = new Outbox(clock, automaticTexts);
        this.consent = consent;
        this.keywords = new Keywords(settings);
        this.replies = new AutoReplies(organisation, settings.messageFrequency());
        this.settings = settings;
        this.assistance = assistance;
    }

    /** The sender, and the latest campaign text sent to them within the reply window (what a reply answers). */
    private record Person(long id, String language, ConsentStatus smsStatus, Long recentCampaign) {}

    /** A text as the webhook stored it. */
    public record Stored(long id, InboundSms sms) {}

    /**
     * Acts on a batch of stored texts, in order, inside the caller's transaction. Most texts are plain replies
     * from people we know: those are settled together, with the senders (and the campaign each reply answers) read
     * in one query and the texts marked in one update. Returns how many texts of each kind were settled. A keyword, a text for the assistance desk, an unknown number,
     * and every later text of such a sender in this batch go through {@link #process} one by one, so what an earlier
     * text changed (an opt-out, a new case) is seen by the next.
     */
    public Map<String, Integer> processAll(Handle h, List<Stored> texts) {
        Map<String, Integer> kinds = new HashMap<>();
        Map<String, Person> known = knownSenders(h, texts.stream().map(t -> t.sms().from())
                .filter(java.util.Objects::nonNull).distinct().toList());
        Set<Long> withOpenCase = assistance.withOpenCase(h, known.values().stream().map(Person::id).toList());
        Set<String> oneByOne = new HashSet<>();
        List<Long> ids = new ArrayList<>();
        List<Long> supporters = new ArrayList<>();
        List<Long> campaigns = new ArrayList<>();
        List<ActionReplies.ActionReply> acted = new ArrayList<>();
        for (Stored t : texts) {
            InboundSms sms = t.sms();
            Person person = sms.from() == null ? null : known.get(sms.from());
            boolean plainReply = person != null && sms.body() != null && !oneByOne.contains(sms.from())
                    && keywords.meaning(sms.body()) == Keywords.Meaning.OTHER
                    && !assistance.isAssistanceRequest(sms.body()) && !withOpenCase.contains(person.id());
            if (plainReply) {
                ids.add(t.id());
                supporters.add(person.id());
                campaigns.add(person.recentCampaign());
                actionReply(t.id(), sms, person).ifPresent(acted::add);
            } else {
                oneByOne.add(sms.from());
                kinds.merge(process(h, t.id(), sms), 1, Integer::sum);
            }
        }
        if (!ids.isEmpty()) {
            h.createUpdate("""
                    UPDATE inbound_messages m SET supporter_id = r.supporter_id, kind = 'reply', campaign_id = r.campaign_id,
                           processed_at = now(), from_phone = NULL
                      FROM unnest(:ids, :supporters, :campaigns) AS r (id, supporter_id, campaign_id)
                     WHERE m.id = r.id""")
                    .bind("ids", ids.toArray(Long[]::new)).bind("supporters", supporters.toArray(Long[]::new))
                    .bind("campaigns", campaigns.toArray(Long[]::new)).execute();
            kinds.merge("reply", ids.size(), Integer::sum);
        }
        if (!acted.isEmpty()) {
            actions.record(h, acted);
        }
        return kinds;
    }

    /** A reply to a campaign that says the person acted. */
    private Optional<ActionReplies.ActionReply> actionReply(long inboundId, InboundSms sms, Person person) {
        if (person.recentCampaign() == null || !keywords.isAction(sms.body())) {
            return Optional.empty();
        }
        return Optional.of(new ActionReplies.ActionReply(inboundId, person.id(), person.recentCampaign(),
                person.language(), sms.from()));
    }

    /**
     * Which of these numbers belong to supporters, each with the campaign a reply from them would answer (looked up
     * in the same statement: one round trip less per text). Their rows stay locked until the transaction ends.
     */
    private Map<String, Person> knownSenders(Handle h, List<String> phones) {
        Map<String, Person> known = new HashMap<>();
        h.createQuery("""
                SELECT s.phone, s.id, s.language, s.sms_status,
                       (SELECT o.campaign_id FROM outbox o
                         WHERE o.supporter_id = s.id AND o.kind = 'campaign' AND o.channel = 'sms' AND o.sent_at >= :since
                         ORDER BY o.sent_at DESC LIMIT 1) AS recent_campaign
                  FROM supporters s WHERE s.phone = ANY(:phones) ORDER BY s.id FOR UPDATE OF s""")
                .bind("phones", phones.toArray(String[]::new)).bind("since", replyWindowStart())
                .map((rs, ctx) -> Map.entry(rs.getString("phone"), new Person(rs.getLong("id"), rs.getString("language"),
                        ConsentStatus.fromWire(rs.getString("sms_status")),
                        rs.getObject("recent_campaign", Long.class))))
                .forEach(e -> known.put(e.getKey(), e.getValue()));
        return known;
    }

    private Instant replyWindowStart() {
        return clock.instant().minusMillis(settings.replyWindow().toMilliseconds());
    }

    /**
     * Decides what one stored text means and acts on it, inside the caller's transaction (the processor's batch).
     * The text was stored once per MessageSid by {@link InboundInbox}, so Twilio's retries never get here twice.
     */
    public String process(Handle h, long inboundId, InboundSms sms) {
        if (sms.from() == null || sms.body() == null) {
            // The webhook never stores such a row; acting on it would make a supporter without a number.
            throw new IllegalStateException("Inbound message " + inboundId + " has no sender or no body");
        }
        Keywords.Meaning meaning = keywords.meaning(sms.body());
        Person person = findOrCreate(h, sms);
        String kind = route(h, sms, person, meaning);
        // A reply answers the latest alert; so does an opt-out (the report counts opt-outs per campaign).
        Long campaign = "reply".equals(kind) || "opt-out".equals(kind) ? person.recentCampaign() : null;
        h.createUpdate("""
                UPDATE inbound_messages SET supporter_id = :s, kind = :kind, campaign_id = :c, processed_at = now(),
                       from_phone = NULL
                 WHERE id = :id""")
                .bind("s", person.id()).bind("kind", kind).bind("c", campaign).bind("id", inboundId).execute();
        if ("reply".equals(kind)) {
            actionReply(inboundId, sms, person).ifPresent(a -> actions.record(h, List.of(a)));
        }
        return kind;
    }

    private String route(Handle h, InboundSms sms, Person person, Keywords.Meaning meaning) {
        String evidence = "text " + sms.messageSid();
        switch (meaning) {
            case OPT_OUT -> {
                consent.optOut(h, person.id(), Channel.SMS, "sms-keyword", evidence);
                if (!settings.twilioAdvancedOptOut()) {
                    reply(h, person, sms.from(), replies.optedOut(person.language()));
                }
                return "opt-out";
            }
            case OPT_IN -> {
                return optIn(h, sms, person, evidence);
            }
            case YES -> {
                if (person.smsStatus() == ConsentStatus.UNSUBSCRIBED) {
                    return optIn(h, sms, person, evidence);
                }
            }
            case HELP -> {
                // Answered even after an opt-out: the person asked, and carriers expect HELP to be answered.
                if (!settings.twilioAdvancedOptOut()) {
                    reply(h, person, sms.from(), replies.help(person.language()));
                }
                return "help";
            }
            default -> { }
        }
        if (assistance.isAssistanceRequest(sms.body())) {
            assistance.openFromSms(h, person.id(), sms.body(), person.language(), sms.messageSid());
            return "assistance";
        }
        Optional<Long> openCase = assistance.openCaseOf(h, person.id());
        if (openCase.isPresent()) {
            assistance.appendFromSms(h, openCase.get(), sms.body());
            return "assistance";
        }
        return "reply";
    }

    private String optIn(Handle h, InboundSms sms, Person person, String evidence) {
        consent.resubscribe(h, person.id(), Channel.SMS, sms.from(), "sms-keyword", evidence);
        if (!settings.twilioAdvancedOptOut()) {
            reply(h, person, sms.from(), replies.optedIn(person.language()));
        }
        return "opt-in";
    }

    /**
     * Auto-replies answer the person now: no consent needed for what they asked, no quiet hours. A number outside
     * the allowed countries gets no answer (the outbox logs it); the opt-out or opt-in itself is recorded all the same.
     */
    private void reply(Handle h, Person person, String to, String body) {
        outbox.autoReply(h, person.id(), Channel.SMS, to, null, body);
    }

    /**
     * An unknown number becomes a supporter with smsStatus none: texting us is not consent to alerts. A number an
     * erased person had unsubscribed stays opted out on the new record (as for help requests), so no later import
     * or staff opt-in subscribes it; the person's own START still does.
     */
    private Person findOrCreate(Handle h, InboundSms sms) {
        Person known = knownSenders(h, List.of(sms.from())).get(sms.from());
        if (known != null) {
            return known;
        }
        String language = Keywords.isSpanishKeyword(sms.body()) ? "es" : "en";
        SupporterDirectory.Match match = SupporterDirectory.findOrCreate(h,
                new SupporterDirectory.Contact(null, sms.from(), null, language, null)).orElseThrow();
        boolean suppressed = match.created() && consent.optOutIfSuppressed(h, match.id(), Channel.SMS, sms.from());
        return new Person(match.id(), language, suppressed ? ConsentStatus.UNSUBSCRIBED : ConsentStatus.NONE, null);
    }
}
