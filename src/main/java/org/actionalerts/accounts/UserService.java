package org.actionalerts.accounts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.actionalerts.platform.errors.ApiError.FieldError;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.platform.text.ContactFields;
import org.jdbi.v3.core.Jdbi;

/** Creating, listing and changing users. Passwords are hashed here and never leave this class. */
public class UserService {
    private static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Jdbi jdbi;
    private final PhoneFormat phones;

    public UserService(Jdbi jdbi, PhoneFormat phones) {
        this.jdbi = jdbi;
        this.phones = phones;
    }

    /** A user's fields after validation. */
    private record Checked(String name, String email, String phone, Role role, String[] queues, boolean onCall,
                           boolean active, String passwordHash) {}

    public User create(UserInput input) {
        Checked c = check(input, null);
        return jdbi.inTransaction(h -> {
            UserDao dao = h.attach(UserDao.class);
            rejectTakenEmail(dao, c.email(), null);
            long id = dao.insert(c.name(), c.email(), c.phone(), c.role().wireName(), c.queues(), c.onCall(), c.active(),
                    c.passwordHash());
            return dao.find(id).orElseThrow();
        });
    }

    public User patch(long id, UserInput input) {
        return jdbi.inTransaction(h -> {
            UserDao dao = h.attach(UserDao.class);
            User current = dao.find(id).orElseThrow(() -> ApiException.notFound("User"));
            Checked c = check(input, current);
            rejectTakenEmail(dao, c.email(), id);
            dao.update(id, c.name(), c.email(), c.phone(), c.role().wireName(), c.queues(), c.onCall(), c.active(),
                    c.passwordHash());
            return dao.find(id).orElseThrow();
        });
    }

    /** A new password, already checked against {@link Passwords#problem}. */
    public void setPassword(long id, String password) {
        String hash = Passwords.hash(password);
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash, updated_at = now() WHERE id = :id")
                .bind("hash", hash).bind("id", id).execute());
    }

    public List<User> attorneys() {
        return jdbi.withHandle(h -> h.attach(UserDao.class).attorneys());
    }

    public User get(long id) {
        return jdbi.withHandle(h -> h.attach(UserDao.class).find(id)).orElseThrow(() -> ApiException.notFound("User"));
    }

    public Page<User> list(long after, int limit) {
        List<User> rows = jdbi.withHandle(h -> h.attach(UserDao.class).list(after, limit + 1));
        return Page.of(rows, limit, u -> String.valueOf(u.id()));
    }

    /** {@code current} null for a new user: then name and role are required. */
    private Checked check(UserInput input, User current) {
        ApiException.requireBody(input);
        ContactFields fields = new ContactFields(phones::e164);
        List<FieldError> errors = fields.errors();
        String name = input.name() != null ? fields.text("name", input.name()) : current == null ? null : current.name();
        if (name == null && errors.stream().noneMatch(e -> e.field().equals("name"))) {
            errors.add(new FieldError("name", "is required"));
        }
        String email = input.email() != null ? fields.email("email", input.email()) : current == null ? null : current.email();
        String phone = input.phone() != null ? fields.phone("phone", input.phone()) : current == null ? null : current.phone();
        Role role = current == null ? null : current.role();
        if (input.role() != null || current == null) {
            role = input.role() == null ? null : Role.parse(input.role()).orElse(null);
            if (role == null) {
                errors.add(new FieldError("role", "must be one of admin, staff, attorney"));
            }
        }
        List<String> queues = input.queues() != null ? queues(input.queues(), errors) : current == null ? List.of() : current.queues();
        String hash = null;
        if (input.password() != null) {
            String problem = Passwords.problem(input.password());
            if (problem != null) {
                errors.add(new FieldError("password", problem));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (input.password() != null) {
            hash = Passwords.hash(input.password());
        }
        boolean onCall = input.onCall() != null ? input.onCall() : current != null && current.onCall();
        boolean active = input.active() != null ? input.active() : current == null || current.active();
        return new Checked(name, email, phone, role, queues.toArray(String[]::new), onCall, active, hash);
    }

    private static List<String> queues(List<String> given, List<FieldError> errors) {
        Set<String> out = new LinkedHashSet<>();
        for (String q : given) {
            if (q == null || !QUEUE.matcher(q.strip()).matches()) {
                errors.add(new FieldError("queues", "queue names are lower-case letters, digits and dashes"));
                return List.of();
            }
            out.add(q.strip());
        }
        return new ArrayList<>(out);
    }

    private static void rejectTakenEmail(UserDao dao, String email, Long self) {
        if (email == null) {
            return;
        }
        dao.idByEmail(email).filter(other -> !other.equals(self)).ifPresent(other -> {
            throw new ApiException(409, "This email already belongs to another user", List.of(), Map.of("existingId", other));
        });
    }
}
