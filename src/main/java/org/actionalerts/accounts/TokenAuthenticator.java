package org.actionalerts.accounts;

import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.Authorizer;
import jakarta.annotation.Nullable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.errors.WebApplicationExceptionMapper;

/**
 * Bearer token → {@link Caller}; an admin may do everything a staff member or attorney may. The one authenticator of
 * the API: Jersey's filters ({@link BearerAuthFilter}, then {@link SessionAuthFilter}) and {@code @RolesAllowed} use
 * it, and so do the plain servlets, through {@link #require}, so a caller is read and checked the same way whichever
 * serves the request.
 */
public class TokenAuthenticator implements Authenticator<String, Caller>, Authorizer<Caller> {
    public static final String PREFIX = "Bearer";
    public static final String REALM = "action-alerts";
    /** The {@code WWW-Authenticate} header of every 401. */
    public static final String CHALLENGE = challenge(PREFIX, REALM);

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

    static String challenge(String prefix, String realm) {
        return prefix + " realm=\"" + realm + "\"";
    }

    /**
     * The token of an {@code Authorization} header: what follows the scheme's name ("Bearer", in any case) and a
     * space; null for a missing header or another scheme.
     */
    static String bearerToken(@Nullable String header) {
        int space = header == null ? -1 : header.indexOf(' ');
        return space > 0 && PREFIX.equalsIgnoreCase(header.substring(0, space)) ? header.substring(space + 1) : null;
    }

    /**
     * For a plain servlet: the request's caller, found as the Jersey filters find it (the bearer token; without an
     * Authorization header, the signed-in session {@link SessionFilter} found, whose CSRF token it checked), if its
     * role allows {@code role} as {@code @RolesAllowed} would. Else the 401 (with its challenge header) or 403 that
     * Jersey answers, thrown for the servlet to write ({@code ServletErrors}).
     */
    public Caller require(HttpServletRequest request, HttpServletResponse response, String role) {
        String header = request.getHeader("Authorization");
        Optional<Caller> caller = header == null && request.getAttribute(SessionFilter.CALLER) instanceof Caller signedIn
                ? Optional.of(signedIn)
                : Optional.ofNullable(bearerToken(header)).flatMap(this::authenticate);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
            throw new ApiException(401, WebApplicationExceptionMapper.standardMessage(401));
        }
        if (!authorize(caller.get(), role, null)) {
            throw new ApiException(403, WebApplicationExceptionMapper.standardMessage(403));
        }
        return caller.get();
    }
}
