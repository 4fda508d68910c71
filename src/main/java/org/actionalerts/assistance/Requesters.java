package org.actionalerts.assistance;

import java.util.Optional;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.supporters.SupporterDirectory;
import org.jdbi.v3.core.Handle;

/**
 * Finds the supporter a help request is from, or adds them. Asking for help is not consent to alerts: a new
 * supporter starts with smsStatus and emailStatus none. An existing record is never changed, not even where it
 * lacks an email or a name: anyone can type anyone's number, so what a form says stays on its case
 * ({@link CaseOpening.Contact}), and replies go where the requester wrote from.
 */
class Requesters {
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
        Optional<SupporterDirectory.Match> match = SupporterDirectory.findOrCreate(h,
                new SupporterDirectory.Contact(c.name(), c.phone(), c.email(), c.language(), c.state()));
        match.filter(SupporterDirectory.Match::created).ifPresent(m -> {
            consent.optOutIfSuppressed(h, m.id(), Channel.SMS, c.phone());
            consent.optOutIfSuppressed(h, m.id(), Channel.EMAIL, c.email());
        });
        return match.map(SupporterDirectory.Match::id);
    }
}
