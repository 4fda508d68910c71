package org.actionalerts.accounts;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.actionalerts.platform.errors.ApiError;

/** People signing in to the web pages (API.md, Sessions). Scripts use bearer tokens instead. */
@Path(SessionResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    public static final String PATH = "/api/v1/session";

    private final SignIn signIn;
    private final SessionService sessions;
    private final SessionCookie cookie;
    private final Function<HttpServletRequest, String> clientKey;

    /** {@code clientKey}: who the client of a request is, behind our trusted proxies, as a rate-limit key. */
    public SessionResource(SignIn signIn, SessionService sessions, SessionCookie cookie,
                           Function<HttpServletRequest, String> clientKey) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.cookie = cookie;
        this.clientKey = clientKey;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in {email, password} → {user, csrfToken} and the aa_session cookie; the same 401 for a wrong"
            + " email or password; 429 with Retry-After after 5 failures for an email or 20 from an address in 15 minutes")
    public Response signIn(@Context HttpServletRequest http, SignIn.Credentials credentials) {
        // A session already open in this browser ends: one person, one session per browser.
        sessions.end(SessionCookie.secretOf(http));
        SessionService.Started started = signIn.signIn(credentials, clientKey.apply(http));
        return Response.ok(started.session()).header(HttpHeaders.SET_COOKIE, cookie.set(started.secret())).build();
    }

    @GET
    @Operation(summary = "The signed-in user and the session's CSRF token; 401 without a session")
    public Response current(@Context HttpServletRequest http) {
        if (!(http.getAttribute(SessionFilter.SESSION) instanceof Session session)) {
            return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"action-alerts\"")
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(ApiError.of(401, "Not signed in")).build();
        }
        return Response.ok(session).build();
    }

    @DELETE
    @Operation(summary = "Sign out: the session ends on the server (a change: X-CSRF-Token is needed)")
    public Response signOut(@Context HttpServletRequest http) {
        sessions.end(SessionCookie.secretOf(http));
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie.clear()).build();
    }
}
