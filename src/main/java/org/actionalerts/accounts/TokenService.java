package org.actionalerts.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.actionalerts.platform.errors.ApiException;
import org.jdbi.v3.core.Jdbi;

/**
 * Issues and checks bearer tokens. A token is 256 random bits; only its SHA-256 is stored. A fast hash is
 * right here (unlike for passwords): the input has full entropy, so there is nothing to brute-force.
 */
public class TokenService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "aa_";

    private final Jdbi jdbi;
    private final byte[] adminTokenHash;

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
    }

    /**
     * Looked up on every request, uncached, so that a revoked token stops working at once. A plain query, not a
     * TokenDao call: attaching a DAO prepares every one of its methods, and this runs before every API call.
     */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        byte[] digest = hash(secret);
        if (adminTokenHash != null && MessageDigest.isEqual(adminTokenHash, digest)) {
            return Optional.of(new Caller(null, "ADMIN_TOKEN", Role.ADMIN, null));
        }
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, name, role, user_id FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", digest)
                .map((rs, ctx) -> new Caller(rs.getLong("id"), rs.getString("name"), Role.fromWire(rs.getString("role")),
                        rs.getObject("user_id", Long.class)))
                .findOne());
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
