package org.actionalerts.accounts;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.actionalerts.platform.errors.ApiException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Email and password → a session, with the lockout of the contract: after {@link #PER_EMAIL} failures for one
 * email, or {@link #PER_CLIENT} from one client address, within {@link #WINDOW}, the answer is 429 with
 * {@code Retry-After}, even with the right password. Wrong email and wrong password get the same 401 and take
 * about as long (an unknown email still costs one BCrypt check). Failures are kept in PostgreSQL, so the limit
 * holds for all instances together; emails and addresses only as digests.
 */
public class SignIn {
    public static final int PER_EMAIL = 5;
    public static final int PER_CLIENT = 20;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    static final String WRONG = "Wrong email or password";
    /** Compared against when the email is unknown, so that answer takes as long as a wrong password. */
    private static final String DUMMY_HASH = Passwords.hash("not anybody's password, ever");

    private final Jdbi jdbi;
    private final Clock clock;
    private final SessionService sessions;

    public SignIn(Jdbi jdbi, Clock clock, SessionService sessions) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.sessions = sessions;
    }

    public record Credentials(String email, String password) {}

    private record Account(User user, String passwordHash) {}

    /** {@code clientKey}: the client address as {@code TrustedProxies.clientKey} makes it. */
    public SessionService.Started signIn(Credentials credentials, String clientKey) {
        if (credentials == null || credentials.email() == null || credentials.password() == null
                || credentials.email().isBlank() || credentials.password().isEmpty()) {
            throw new ApiException(401, WRONG);
        }
        String email = credentials.email().strip();
        User user = verify("email:" + email.toLowerCase(Locale.ROOT), clientKey, credentials.password(), h -> h.createQuery(
                        "SELECT " + UserDao.COLUMNS + ", password_hash FROM users WHERE lower(email) = lower(:email)")
                .bind("email", email))
                .orElseThrow(() -> new ApiException(401, WRONG));
        return sessions.start(user);
    }

    /**
     * Whether this is the user's password, counted like a sign-in (a stolen session cannot guess its way to the
     * password through the change-password form); 429 when locked.
     */
    public boolean isPasswordOf(User user, String password, String clientKey) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        String key = user.email() == null ? "user:" + user.id() : "email:" + user.email().toLowerCase(Locale.ROOT);
        return verify(key, clientKey, password, h -> h.createQuery(
                "SELECT " + UserDao.COLUMNS + ", password_hash FROM users WHERE id = :id").bind("id", user.id())).isPresent();
    }

    private Optional<User> verify(String accountKey, String clientKey, String password,
                                  java.util.function.Function<Handle, org.jdbi.v3.core.statement.Query> lookUp) {
        byte[] account = TokenService.hash(accountKey);
        byte[] client = TokenService.hash("client:" + clientKey);
        Instant now = clock.instant();
        // Counted and recorded as a failure before the (slow) password check, under a lock per email and per
        // client: parallel guesses cannot slip past the limit. A right password takes its failure back.
        long[] failures = jdbi.inTransaction(h -> {
            h.execute("SELECT pg_advisory_xact_lock(hashtextextended('sign-in:email:' || encode(?, 'hex'), 0))", account);
            h.execute("SELECT pg_advisory_xact_lock(hashtextextended('sign-in:client:' || encode(?, 'hex'), 0))", client);
            refuseWhenLocked(h, "email", account, PER_EMAIL, now);
            refuseWhenLocked(h, "client", client, PER_CLIENT, now);
            return h.createUpdate("INSERT INTO sign_in_failures (kind, digest, at) VALUES ('email', :d, :now), ('client', :c, :now)")
                    .bind("d", account).bind("c", client).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).stream().mapToLong(Long::longValue).toArray();
        });
        Optional<Account> found = jdbi.withHandle(h -> lookUp.apply(h)
                .map((rs, ctx) -> new Account(new UserMapper().map(rs, ctx), rs.getString("password_hash")))
                .findOne());
        // One BCrypt check whatever the case, so that no answer is quicker than another.
        String hash = found.map(Account::passwordHash).orElse(null);
        boolean right = Passwords.matches(password, hash == null ? DUMMY_HASH : hash) && hash != null
                && found.get().user().active();
        if (!right) {
            return Optional.empty();
        }
        // The right password: this account's failures are forgiven (the address's earlier ones stay counted).
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sign_in_failures WHERE (kind = 'email' AND digest = :d) OR id = ANY(:ids)")
                .bind("d", account).bind("ids", failures).execute());
        return Optional.of(found.get().user());
    }

    private void refuseWhenLocked(Handle h, String kind, byte[] digest, int limit, Instant now) {
        // The limit-th most recent failure in the window: once it leaves the window, there is room again.
        Optional<Instant> blocking = h.createQuery("""
                        SELECT at FROM sign_in_failures WHERE kind = :kind AND digest = :d AND at > :since
                         ORDER BY at DESC OFFSET :skip LIMIT 1""")
                .bind("kind", kind).bind("d", digest).bind("since", now.minus(WINDOW)).bind("skip", limit - 1)
                .mapTo(Instant.class).findOne();
        if (blocking.isPresent()) {
            long seconds = Math.max(1, (Duration.between(now, blocking.get().plus(WINDOW)).toMillis() + 999) / 1000);
            throw new WebApplicationException(Response.status(429).header(HttpHeaders.RETRY_AFTER, seconds).build());
        }
    }

    /** Failures older than the window count for nothing; a periodic task calls this. */
    public int forgetOldFailures() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sign_in_failures WHERE at <= :since")
                .bind("since", clock.instant().minus(WINDOW)).execute());
    }
}
