package org.actionalerts.accounts;

import java.time.Instant;

public record ApiToken(long id, String name, Role role, Long userId, Instant createdAt) {}
