package org.actionalerts.supporters;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The one find-or-create of supporters, for people who write to us (a text, a help request). An existing record
 * is never changed, not even where it lacks an email or a name: anyone can type anyone's number. A new record
 * starts with smsStatus and emailStatus none: writing to us is not consent to alerts.
 */
public final class SupporterDirectory {
    /** What someone gave; any part may be null, the name is split at its first space. */
    public record Contact(String name, String phone, String email, String language, String state) {}

    /** The supporter, and whether this call added them. */
    public record Match(long id, boolean created) {}

    private SupporterDirectory() {}

    /**
     * The supporter the contact is, when everything it gives is theirs: a phone and an email of one record, or the
     * one detail given, locked until the transaction ends. Empty when the details belong to different people, or
     * some to someone and some to nobody. Details that are all new add a supporter.
     */
    public static Optional<Match> findOrCreate(Handle h, Contact c) {
        SupporterDao dao = h.attach(SupporterDao.class);
        Optional<Long> byPhone = c.phone() == null ? Optional.empty() : dao.lockByPhone(c.phone());
        Optional<Long> byEmail = c.email() == null ? Optional.empty() : dao.lockByEmail(c.email());
        if (byPhone.isPresent() || byEmail.isPresent()) {
            boolean both = c.phone() != null && c.email() != null;
            return both && !byPhone.equals(byEmail) ? Optional.empty()
                    : byPhone.or(() -> byEmail).map(id -> new Match(id, false));
        }
        String[] name = split(c.name());
        Optional<Long> created = dao.insertContact(name[0], name[1], c.phone(), c.email(), c.language(), c.state());
        if (created.isEmpty()) {
            // Someone else added this phone or email a moment ago: theirs it is.
            return findOrCreate(h, c);
        }
        return Optional.of(new Match(created.get(), true));
    }

    private static String[] split(String name) {
        if (name == null || name.isBlank()) {
            return new String[] {null, null};
        }
        String[] parts = name.strip().split("\\s+", 2);
        return new String[] {parts[0], parts.length > 1 ? parts[1] : null};
    }
}
