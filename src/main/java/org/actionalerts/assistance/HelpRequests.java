package org.actionalerts.assistance;

import java.util.List;
import java.util.Set;
import org.actionalerts.accounts.Caller;
import org.actionalerts.audit.Actor;
import org.actionalerts.platform.errors.ApiError.FieldError;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.supporters.SupporterFields;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Requests for help from the public web form, and cases staff or attorneys open for a supporter. The form's answer
 * is the same whether or not we already knew the phone or email: it never tells a stranger who is on our lists.
 */
public class HelpRequests {
    public record HelpRequestInput(String name, String phone, String email, String state, String language, String topic,
                                   String message) {}

    /** {@code supporterId} is refused: see {@link #openFor}. */
    public record OpenCaseInput(String name, String phone, String email, String state, String language, String topic,
                                String message, Long supporterId) {}

    private final Jdbi jdbi;
    private final CaseOpening opening;
    private final Requesters requesters;
    private final Set<String> topics;
    private final int maxMessageChars;

    public HelpRequests(Jdbi jdbi, CaseOpening opening, Requesters requesters, List<String> topics, int maxMessageChars) {
        this.jdbi = jdbi;
        this.opening = opening;
        this.requesters = requesters;
        this.topics = Set.copyOf(topics);
        this.maxMessageChars = maxMessageChars;
    }

    public CaseRef submit(HelpRequestInput in) {
        ApiException.requireBody(in);
        Given g = check(in.name(), in.phone(), in.email(), in.state(), in.language(), in.topic(), in.message());
        return jdbi.inTransaction(h -> {
            Long supporterId = requesters.findOrCreate(h, g.requester()).orElse(null);
            String lang = language(h, g, supporterId);
            // Given an email, the form is acknowledged there first: which channel an acknowledgement took must not tell
            // whoever typed the form anything about the number beside it (on our list, unsubscribed, asked for help in
            // the last hour). The reply that matters, the attorney's, can still go by text.
            return opening.open(h, new CaseOpening.NewCase(supporterId, g.contact(), "web", "web", g.message(), lang,
                    g.state(), g.topic(), null, Actor.REQUESTER, g.email() != null ? "email" : "sms"));
        });
    }

    /**
     * A case opened on someone's behalf (they called, or came to the office), found by the phone or email they
     * gave, never by a supporter id: an attorney cannot walk the supporter list. No acknowledgement is sent, as the
     * person did not write in; the opening is audited with the caller.
     */
    public CaseRef openFor(OpenCaseInput in, Caller caller) {
        ApiException.requireBody(in);
        if (in.supporterId() != null) {
            throw ApiException.invalid("supporterId", "give the phone or email the person gave you, not a supporter id");
        }
        Given g = check(in.name(), in.phone(), in.email(), in.state(), in.language(), in.topic(), in.message());
        return jdbi.inTransaction(h -> {
            Long supporterId = requesters.findOrCreate(h, g.requester()).orElse(null);
            String lang = language(h, g, supporterId);
            return opening.open(h, new CaseOpening.NewCase(supporterId, g.contact(), "api", "web", g.message(), lang,
                    g.state(), g.topic(), null, Actor.of(caller), null));
        });
    }

    /** The language the request gave, else the one we know the person by. */
    private static String language(Handle h, Given g, Long supporterId) {
        return g.language() != null ? g.language() : supporterId == null ? "en"
                : h.createQuery("SELECT language FROM supporters WHERE id = :id").bind("id", supporterId).mapTo(String.class).one();
    }

    /** A request's fields, checked: at least a phone or an email, and the message. */
    private record Given(String name, String phone, String email, String state, String language, String topic,
                         String message) {
        Requesters.Contact requester() {
            return new Requesters.Contact(name, phone, email, language, state);
        }

        CaseOpening.Contact contact() {
            return new CaseOpening.Contact(name, phone, email);
        }
    }

    private Given check(String name, String phone, String email, String state, String language, String topic,
                        String message) {
        SupporterFields f = new SupporterFields();
        Given g = new Given(f.text("name", name), f.phone("phone", phone), f.email("email", email), f.state("state", state),
                f.language("language", language), topic(topic, f.errors()), message(message, f.errors()));
        if ((phone == null || phone.isBlank()) && (email == null || email.isBlank())) {
            f.errors().add(new FieldError("phone", "a phone or an email is required"));
        }
        if (!f.valid()) {
            throw ApiException.invalid(f.errors());
        }
        return g;
    }

    private String topic(String given, List<FieldError> errors) {
        if (given == null || given.isBlank()) {
            return "general";
        }
        String t = given.strip().toLowerCase(java.util.Locale.ROOT);
        if (!topics.contains(t)) {
            errors.add(new FieldError("topic", "must be one of " + String.join(", ", topics)));
        }
        return t;
    }

    private String message(String given, List<FieldError> errors) {
        if (given == null || given.isBlank()) {
            errors.add(new FieldError("message", "is required"));
            return null;
        }
        if (given.length() > maxMessageChars) {
            errors.add(new FieldError("message", "is longer than " + maxMessageChars + " characters"));
        }
        return given.strip();
    }
}
