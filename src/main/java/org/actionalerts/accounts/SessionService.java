package org.actionalerts.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Server-side sessions for the web pages, shared by every instance through PostgreSQL. The cookie carries 256
 * random bits; only their SHA-256 is stored. A session ends after {@link #IDLE} without a request or
 * {@link #ABSOLUTE} in all, compared on the application clock (never the database's), and at once when it is
 * signed out or its user is deactivated or changes password or role.
 */
public class SessionService {
    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE = Duration.ofHours(12);
    /** A session in use is marked seen at most this often: not a write on every request. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final Clock clock;

    public SessionService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** A new session's cookie secret and what the page is told. */
    public record Started(String secret, Session session) {}

    /** A session found valid for a request: the caller it acts as and its CSRF token. */
    public record Current(Caller caller, Session session) {}

    public Started start(User user) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (secret_hash, user_id, created_at, last_seen_at) VALUES (:hash, :user, :now, :now)""")
                .bind("hash", TokenService.hash(secret)).bind("user", user.id()).bind("now", now).execute());
        return new Started(secret, new Session(new Session.SessionUser(user.id(), user.name(), user.email(), user.role()),
                csrfToken(secret)));
    }

    /**
     * The session this cookie secret opens, with its user's current name and role; empty when there is none, it
     * expired, or the user is no longer active. Runs on every request that carries the cookie: one read, and a
     * write only when the session was last marked seen more than {@link #TOUCH_EVERY} ago.
     */
    public Optional<Current> find(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        byte[] hash = TokenService.hash(secret);
        return jdbi.withHandle(h -> {
            Optional<Row> row = h.createQuery("""
                            SELECT s.id, s.last_seen_at, u.id AS user_id, u.name, u.email, u.role
                              FROM sessions s JOIN users u ON u.id = s.user_id
                             WHERE s.secret_hash = :hash AND u.active
                               AND s.last_seen_at > :idleSince AND s.created_at > :createdSince""")
                    .bind("hash", hash).bind("idleSince", now.minus(IDLE)).bind("createdSince", now.minus(ABSOLUTE))
                    .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getTimestamp("last_seen_at").toInstant(),
                            new Session.SessionUser(rs.getLong("user_id"), rs.getString("name"), rs.getString("email"),
                                    Role.parse(rs.getString("role")).orElseThrow())))
                    .findOne();
            row.filter(r -> r.lastSeenAt().isBefore(now.minus(TOUCH_EVERY))).ifPresent(r ->
                    h.createUpdate("UPDATE sessions SET last_seen_at = :now WHERE id = :id AND last_seen_at < :now")
                            .bind("now", now).bind("id", r.id()).execute());
            return row.map(r -> new Current(new Caller(null, r.user().name(), r.user().role(), r.user().id()),
                    new Session(r.user(), csrfToken(secret))));
        });
    }

    private record Row(long id, Instant lastSeenAt, Session.SessionUser user) {}

    /** Signing out: the session stops working on every instance at once. */
    public void end(String secret) {
        if (secret == null || secret.isBlank()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE secret_hash = :hash")
                .bind("hash", TokenService.hash(secret)).execute());
    }

    /** Every session of this user ends (deactivated, new password, new role). */
    public int endAllOf(long userId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :user").bind("user", userId).execute());
    }

    /** Expired sessions are of no use to anyone; a periodic task calls this. */
    public int forgetExpired() {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM sessions WHERE last_seen_at <= :idleSince OR created_at <= :createdSince")
                .bind("idleSince", now.minus(IDLE)).bind("createdSince", now.minus(ABSOLUTE)).execute());
    }

    /**
     * The CSRF token is derived from the session's secret, so it is never stored, the page can be told it again
     * (GET /api/v1/session), and a script on another site cannot compute it without the HttpOnly cookie.
     */
    static String csrfToken(String secret) {
        byte[] digest = TokenService.hash("csrf:" + secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** Whether the header's value is this session's CSRF token, compared in constant time. */
    public static boolean csrfMatches(Session session, String header) {
        return header != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                header.strip().getBytes(StandardCharsets.UTF_8));
    }
}
