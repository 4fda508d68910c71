package org.actionalerts.accounts;

import java.security.Principal;

/** Who is making a request: the token they presented, its role, and the user it belongs to if any. */
public record Caller(Long tokenId, String name, Role role, Long userId) implements Principal {
    @Override
    public String getName() {
        return name;
    }
}
