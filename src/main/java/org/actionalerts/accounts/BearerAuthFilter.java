package org.actionalerts.accounts;

import io.dropwizard.auth.AuthFilter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The Jersey side of a bearer token: the token {@link TokenAuthenticator#bearerToken} reads from the Authorization
 * header, which the plain servlets read the same way ({@link TokenAuthenticator#require}). In place of Dropwizard's
 * OAuth filter, which reads the header the same way but also takes {@code ?access_token=} (refused before Jersey
 * by {@link TokenInUrlRefusal}). Chained before the session filter.
 */
public final class BearerAuthFilter extends AuthFilter<String, Caller> {
    @Override
    public void filter(ContainerRequestContext request) {
        String token = TokenAuthenticator.bearerToken(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (!authenticate(request, token, SecurityContext.BASIC_AUTH)) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    public static class Builder extends AuthFilterBuilder<String, Caller, BearerAuthFilter> {
        @Override
        protected BearerAuthFilter newInstance() {
            return new BearerAuthFilter();
        }
    }
}
