package org.actionalerts.accounts;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.jdbi.v3.core.Jdbi;

/**
 * Issues and checks bearer tokens. A token is 256 random bits; only its SHA-256 is stored. A fast hash is
 * right here (unlike for passwords): the input has full entropy, so there is nothing to brute-force.
 */
public class TokenService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "aa_";

    /**
     * How long a valid token is taken on trust before it is looked up again. Revoking a token or changing a user
     * through this instance drops what it trusted at once; another instance of the service stops accepting a
     * revoked token within this time. Only tokens found valid are kept, so made-up tokens always reach the database.
     */
    static final Duration TRUSTED_FOR = Duration.ofSeconds(1);
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final Jdbi jdbi;
    private final byte[] adminTokenHash;
    /**
     * By the token's hash (never the token itself). A token in use is looked up again in the background after
     * half of {@link #TRUSTED_FOR}, so its requests do not all wait on the database at once when it expires.
     */
    private final LoadingCache<ByteBuffer, Checked> recentlyChecked;
    private final Clock clock;

    /** A token found valid, and when it stops being so (null: never), checked on every use, trusted or not. */
    private record Checked(Caller caller, Instant expiresAt) {}

    /**
     * @param refresh one thread of our own for the background look-ups (a managed executor): on two cores the
     *                common pool would start a new thread for every refresh
     */
    public TokenService(Jdbi jdbi, String adminToken, Clock clock, ExecutorService refresh) {
        this.jdbi = jdbi;
        this.recentlyChecked = Caffeine.newBuilder()
                .expireAfterWrite(TRUSTED_FOR).refreshAfterWrite(TRUSTED_FOR.dividedBy(2)).maximumSize(10_000)
                .executor(refresh)
                .build(hash -> lookUp(hash.array()).orElse(null));
        this.clock = clock;
        this.adminTokenHash = adminToken == null || adminToken.isBlank() ? null : hash(adminToken);
    }

    public record IssuedToken(ApiToken token, String secret) {}

    public IssuedToken issue(String name, Role role, Long userId, Instant expiresAt) {
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.invalid("expiresAt", "must be in the future");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiToken token = jdbi.inTransaction(h -> {
            TokenDao dao = h.attach(TokenDao.class);
            if (userId != null && dao.userExists(userId) == 0) {
                throw ApiException.invalid("userId", "no such user");
            }
            return dao.insert(name, role.wireName(), hash(secret), userId, now, expiresAt);
        });
        return new IssuedToken(token, secret);
    }

    public void revoke(long id) {
        jdbi.useTransaction(h -> {
            TokenDao dao = h.attach(TokenDao.class);
            if (dao.exists(id) == 0) {
                throw ApiException.notFound("Token");
            }
            dao.revoke(id, clock.instant());
        });
        recentlyChecked.asMap().values().removeIf(c -> c.caller().tokenId() != null && c.caller().tokenId() == id);
    }

    /**
     * Runs before every API call. A token seen valid in the last {@link #TRUSTED_FOR} is not looked up again:
     * twenty attorneys claiming at once spent a third of the service's time on this lookup. A plain query, not
     * a TokenDao call: attaching a DAO prepares every one of its methods.
     */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        byte[] digest = hash(secret);
        if (adminTokenHash != null && MessageDigest.isEqual(adminTokenHash, digest)) {
            return Optional.of(new Caller(null, "ADMIN_TOKEN", Role.ADMIN, null));
        }
        Checked checked = recentlyChecked.get(ByteBuffer.wrap(digest)); // equal by content
        if (checked == null || (checked.expiresAt() != null && !checked.expiresAt().isAfter(clock.instant()))) {
            return Optional.empty();
        }
        return Optional.of(checked.caller());
    }

    /**
     * A token that belongs to a user acts with the user's current role and works only while the user is active.
     * Marks the token used: this runs at most about twice a second per token in use (see {@link #recentlyChecked}),
     * never once per request.
     */
    private Optional<Checked> lookUp(byte[] digest) {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery("""
                        WITH used AS (
                          UPDATE api_tokens SET last_used_at = :now
                           WHERE token_hash = :hash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)
                          RETURNING id, name, role, user_id, expires_at)
                        SELECT used.id, used.name, COALESCE(u.role, used.role) AS role, used.user_id, used.expires_at
                          FROM used LEFT JOIN users u ON u.id = used.user_id
                         WHERE used.user_id IS NULL OR u.active""")
                .bind("hash", digest).bind("now", now)
                .map((rs, ctx) -> new Checked(new Caller(rs.getLong("id"), rs.getString("name"),
                        Role.fromWire(rs.getString("role")), rs.getObject("user_id", Long.class)),
                        rs.getObject("expires_at", java.time.OffsetDateTime.class) == null ? null
                                : rs.getObject("expires_at", java.time.OffsetDateTime.class).toInstant()))
                .findOne());
    }

    public Page<ApiToken> list(long after, int limit) {
        return Page.of(jdbi.withHandle(h -> h.attach(TokenDao.class).list(after, limit + 1)), limit,
                t -> String.valueOf(t.id()));
    }

    /** After a change to users (one deactivated, say): every token is looked up afresh on its next use. */
    public void forgetTrusted() {
        recentlyChecked.invalidateAll();
    }

    static byte[] hash(String secret) {
        return SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8));
    }
}
