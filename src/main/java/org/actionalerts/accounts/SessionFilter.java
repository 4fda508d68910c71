package org.actionalerts.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.actionalerts.platform.errors.ApiError;
import org.actionalerts.platform.errors.ServletErrors;

/**
 * In front of every {@code /api/*} request, Jersey's and the plain servlets' alike: a request with the
 * {@code aa_session} cookie (and no {@code Authorization} header: a bearer token always speaks for itself) acts as
 * the session's user, whose caller is left in the request for the auth filters ({@link #CALLER}). A change (POST,
 * PATCH, PUT, DELETE) made with a session must carry its {@code X-CSRF-Token}, else 403 before anything runs. Signing
 * in is the exception: it proves itself with a password, and a stale cookie must not stop anyone signing in again.
 */
public class SessionFilter implements Filter {
    public static final String CALLER = "org.actionalerts.session.caller";
    public static final String SESSION = "org.actionalerts.session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_MESSAGE = "This change needs the X-CSRF-Token header of your session";
    private static final Set<String> CHANGES = Set.of("POST", "PATCH", "PUT", "DELETE");

    private final SessionService sessions;
    private final ObjectMapper json;

    public SessionFilter(SessionService sessions, ObjectMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String secret = http.getHeader("Authorization") == null ? SessionCookie.secretOf(http) : null;
        if (secret != null) {
            Optional<SessionService.Current> current = sessions.find(secret);
            if (current.isPresent()) {
                if (CHANGES.contains(http.getMethod()) && !isSignIn(http)
                        && !SessionService.csrfMatches(current.get().session(), http.getHeader(CSRF_HEADER))) {
                    ServletErrors.write((HttpServletResponse) response, json, ApiError.of(403, CSRF_MESSAGE));
                    return;
                }
                http.setAttribute(CALLER, current.get().caller());
                http.setAttribute(SESSION, current.get().session());
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isSignIn(HttpServletRequest http) {
        return "POST".equals(http.getMethod()) && SessionResource.PATH.equals(http.getRequestURI());
    }
}
