package org.actionalerts.assistance;

import java.util.List;
import java.util.Set;
import org.actionalerts.accounts.Caller;
import org.actionalerts.audit.Actor;
import org.actionalerts.platform.errors.ApiError.FieldError;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.supporters.SupporterFields;
import org.jdbi.v3.core.Jdbi;

/**
 * Requests for help from the public web form, and cases staff or attorneys open for a supporter. The form's answer
 * is the same whether or not we already knew the phone or email: it never tells a stranger who is on our lists.
 */
public class HelpRequests {
    public record HelpRequestInput(String name, String phone, String email, String state, String language, String topic,
                                   String message) {}

    public record OpenCaseInput(Long supporterId, String message, String topic) {}

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
        SupporterFields f = new SupporterFields();
        String name = f.text("name", in.name());
        String phone = f.phone("phone", in.phone());
        String email = f.email("email", in.email());
        String state = f.state("state", in.state());
        String language = f.language("language", in.language());
        String topic = topic(in.topic(), f.errors());
        String message = message(in.message(), f.errors());
        if (in.phone() == null || in.phone().isBlank()) {
            if (in.email() == null || in.email().isBlank()) {
                f.errors().add(new FieldError("phone", "a phone or an email is required"));
            }
        }
        if (!f.valid()) {
            throw ApiException.invalid(f.errors());
        }
        return jdbi.inTransaction(h -> {
            long supporterId = requesters.findOrCreate(h, new Requesters.Contact(name, phone, email, language, state));
            String lang = language != null ? language
                    : h.createQuery("SELECT language FROM supporters WHERE id = :id").bind("id", supporterId).mapTo(String.class).one();
            // Urgent situations are best reached by text; an email-only request is answered by email.
            return opening.open(h, new CaseOpening.NewCase(supporterId, "web", "web", message, lang, state, topic, null,
                    Actor.REQUESTER, phone != null ? "sms" : "email"));
        });
    }

    /** A case opened on a supporter's behalf (they called, or came to the office). */
    public CaseRef openFor(OpenCaseInput in, Caller caller) {
        ApiException.requireBody(in);
        java.util.ArrayList<FieldError> errors = new java.util.ArrayList<>();
        if (in.supporterId() == null) {
            errors.add(new FieldError("supporterId", "is required"));
        }
        String topic = topic(in.topic(), errors);
        String message = message(in.message(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return jdbi.inTransaction(h -> {
            record Person(String language, String state, String phone) {}
            Person p = h.createQuery("SELECT language, state, phone FROM supporters WHERE id = :id FOR UPDATE")
                    .bind("id", in.supporterId()).map((rs, ctx) -> new Person(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .findOne().orElseThrow(() -> ApiException.invalid("supporterId", "no such supporter"));
            return opening.open(h, new CaseOpening.NewCase(in.supporterId(), "api", "web", message, p.language(), p.state(),
                    topic, null, Actor.of(caller), p.phone() != null ? "sms" : "email"));
        });
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
