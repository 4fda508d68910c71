package org.actionalerts.accounts;

import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.Authorizer;
import jakarta.annotation.Nullable;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/** Bearer token → {@link Caller}; an admin may do everything a staff member or attorney may. */
public class TokenAuthenticator implements Authenticator<String, Caller>, Authorizer<Caller> {
    private final TokenService tokens;

    public TokenAuthenticator(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        return tokens.authenticate(token);
    }

    @Override
    public boolean authorize(Caller caller, String role, @Nullable ContainerRequestContext request) {
        return Role.parse(role).map(caller.role()::includes).orElse(false);
    }
}
