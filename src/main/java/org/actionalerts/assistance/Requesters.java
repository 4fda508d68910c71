package org.actionalerts.assistance;

import java.util.Optional;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.jdbi.v3.core.Handle;

/**
 * Finds the supporter a help request is from, or adds them. Asking for help is not consent to alerts: a new
 * supporter starts with smsStatus and emailStatus none. An existing record is never changed, not even where it
 * lacks an email or a name: anyone can type anyone's number, so what a form says stays on its case
 * ({@link CaseOpening.Contact}), and replies go where the requester wrote from.
 */
public class Requesters {
    private final ConsentService consent;

    public Requesters(ConsentService consent) {
        this.consent = consent;
    }

    public record Contact(String name, String phone, String email, String language, String state) {}

    /**
     * The supporter the request is from, when everything it gives is theirs: a phone and an email of one record,
     * or the one detail given. Empty when the details belong to different people, or some to someone and some to
     * nobody: anyone can type a stranger's number next to their own address, and a case linked to the stranger would
     * take in the stranger's later texts while its replies went to the address typed. Such a case stands alone, with
     * the contact as given. A request whose details are all new adds a supporter.
     */
    public Optional<Long> findOrCreate(Handle h, Contact c) {
        Optional<Long> byPhone = c.phone() == null ? Optional.empty() : lock(h, "phone = :v", c.phone());
        Optional<Long> byEmail = c.email() == null ? Optional.empty() : lock(h, "lower(email) = lower(:v)", c.email());
        if (byPhone.isPresent() || byEmail.isPresent()) {
            boolean both = c.phone() != null && c.email() != null;
            return both && !byPhone.equals(byEmail) ? Optional.empty() : byPhone.or(() -> byEmail);
        }
        String[] name = split(c.name());
        Optional<Long> created = h.createQuery("""
                INSERT INTO supporters (first_name, last_name, phone, email, language, state)
                VALUES (:first, :last, :phone, :email, COALESCE(:language, 'en'), :state)
                ON CONFLICT DO NOTHING RETURNING id""")
                .bind("first", name[0]).bind("last", name[1]).bind("phone", c.phone()).bind("email", c.email())
                .bind("language", c.language()).bind("state", c.state()).mapTo(Long.class).findOne();
        if (created.isEmpty()) {
            // Someone else added this phone or email a moment ago: link to theirs.
            return findOrCreate(h, c);
        }
        suppressIfErasedAfterOptOut(h, created.get(), c);
        return created;
    }

    private void suppressIfErasedAfterOptOut(Handle h, long id, Contact c) {
        consent.optOutIfSuppressed(h, id, Channel.SMS, c.phone());
        consent.optOutIfSuppressed(h, id, Channel.EMAIL, c.email());
    }

    private static Optional<Long> lock(Handle h, String where, String value) {
        return h.createQuery("SELECT id FROM supporters WHERE " + where + " FOR UPDATE").bind("v", value)
                .mapTo(Long.class).findOne();
    }

    private static String[] split(String name) {
        if (name == null || name.isBlank()) {
            return new String[] {null, null};
        }
        String[] parts = name.strip().split("\\s+", 2);
        return new String[] {parts[0], parts.length > 1 ? parts[1] : null};
    }
}
