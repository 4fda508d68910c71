package org.actionalerts.accounts;

import io.dropwizard.auth.AuthFilter;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/**
 * The Jersey side of a session: the caller {@link SessionFilter} found for the request's cookie (a servlet request
 * attribute, which Jersey shows as a property). Chained after the bearer filter.
 */
public class SessionAuthFilter extends AuthFilter<Caller, Caller> {
    public static final String SCHEME = "SESSION";

    @Override
    public void filter(ContainerRequestContext request) {
        Object caller = request.getProperty(SessionFilter.CALLER);
        if (!(caller instanceof Caller c) || !authenticate(request, c, SCHEME)) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    public static class Builder extends AuthFilterBuilder<Caller, Caller, SessionAuthFilter> {
        public Builder() {
            setAuthenticator(Optional::of);
        }

        @Override
        protected SessionAuthFilter newInstance() {
            return new SessionAuthFilter();
        }
    }
}
