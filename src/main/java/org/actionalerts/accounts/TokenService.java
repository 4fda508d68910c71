package org.actionalerts.accounts;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.actionalerts.platform.errors.ApiException;
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
    private final LoadingCache<ByteBuffer, Caller> recentlyChecked = Caffeine.newBuilder()
            .expireAfterWrite(TRUSTED_FOR).refreshAfterWrite(TRUSTED_FOR.dividedBy(2)).maximumSize(10_000)
            // One thread of our own: on two cores the common pool would start a new thread for every refresh.
            .executor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "token-refresh");
                t.setDaemon(true);
                return t;
            }))
            .build(hash -> lookUp(hash.array()).orElse(null));

    public TokenService(Jdbi jdbi, String adminToken) {
        this.jdbi = jdbi;
        this.adminTokenHash = adminToken == null || adminToken.isBlank() ? null : hash(adminToken);
    }

    public record IssuedToken(ApiToken token, String secret) {}

    public IssuedToken issue(String name, Role role, Long userId) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiToken token = jdbi.inTransaction(h -> {
            TokenDao dao = h.attach(TokenDao.class);
            if (userId != null && dao.userExists(userId) == 0) {
                throw ApiException.invalid("userId", "no such user");
            }
            return dao.insert(name, role.wireName(), hash(secret), userId);
        });
        return new IssuedToken(token, secret);
    }

    public void revoke(long id) {
        jdbi.useTransaction(h -> {
            TokenDao dao = h.attach(TokenDao.class);
            if (dao.exists(id) == 0) {
                throw ApiException.notFound("Token");
            }
            dao.revoke(id);
        });
        recentlyChecked.asMap().values().removeIf(c -> c.tokenId() != null && c.tokenId() == id);
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
        return Optional.ofNullable(recentlyChecked.get(ByteBuffer.wrap(digest))); // equal by content
    }

    /** A token that belongs to a user works only while the user is active. */
    private Optional<Caller> lookUp(byte[] digest) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT t.id, t.name, t.role, t.user_id FROM api_tokens t
                         WHERE t.token_hash = :hash AND t.revoked_at IS NULL
                           AND (t.user_id IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id AND u.active))""")
                .bind("hash", digest)
                .map((rs, ctx) -> new Caller(rs.getLong("id"), rs.getString("name"), Role.fromWire(rs.getString("role")),
                        rs.getObject("user_id", Long.class)))
                .findOne());
    }

    /** After a change to users (one deactivated, say): every token is looked up afresh on its next use. */
    public void forgetTrusted() {
        recentlyChecked.invalidateAll();
    }

    static byte[] hash(String secret) {
        return SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8));
    }
}
