package org.actionalerts.accounts;

import java.time.Instant;

/** A token as admins see it: never its secret. {@code lastUsedAt} is kept to within a second or so. */
public record ApiToken(long id, String name, Role role, Long userId, Instant createdAt, Instant lastUsedAt,
                       Instant expiresAt, Instant revokedAt) {}
