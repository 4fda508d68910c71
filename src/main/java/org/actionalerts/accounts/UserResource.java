package org.actionalerts.accounts;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.platform.paging.PageRequest;

@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@SecurityRequirement(name = "bearer")
public class UserResource {
    private final UserService users;
    private final TokenService tokens;
    private final SessionService sessions;
    private final SignIn signIn;
    private final SessionCookie cookie;
    private final Function<HttpServletRequest, String> clientKey;

    public UserResource(UserService users, TokenService tokens, SessionService sessions, SignIn signIn, SessionCookie cookie,
                        Function<HttpServletRequest, String> clientKey) {
        this.tokens = tokens;
        this.users = users;
        this.sessions = sessions;
        this.signIn = signIn;
        this.cookie = cookie;
        this.clientKey = clientKey;
    }

    /** Body of POST /api/v1/users/me/password. */
    public record PasswordChange(String current, @com.fasterxml.jackson.annotation.JsonProperty("new") String next) {}

    @POST
    @Operation(summary = "Add a staff member or attorney; the password is stored hashed and never returned")
    public Response create(UserInput input) {
        return Response.status(201).entity(users.create(input)).build();
    }

    @GET
    @Operation(summary = "List users, in pages")
    public Page<User> list(@QueryParam("limit") String limit, @QueryParam("after") String after) {
        return users.list(PageRequest.after(after), PageRequest.limit(limit));
    }

    /** Who a case can be handed to: a colleague's name and queues, nothing more. */
    public record Colleague(long id, String name, java.util.List<String> queues) {}

    @GET
    @Path("/attorneys")
    @RolesAllowed(Role.ATTORNEY_NAME)
    @Operation(summary = "Active attorneys and admins (id, name, queues), to reassign a case to")
    public java.util.List<Colleague> attorneys() {
        return users.attorneys().stream().map(u -> new Colleague(u.id(), u.name(), u.queues())).toList();
    }

    @GET
    @Path("/{id}")
    public User get(@PathParam("id") long id) {
        return users.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a user: queues, on call, active, contact details, role or password")
    public User patch(@PathParam("id") long id, UserInput input) {
        User before = users.get(id);
        User changed = users.patch(id, input);
        tokens.forgetTrusted(); // a deactivated user's tokens stop working on the next request
        if (!changed.active() || changed.role() != before.role() || (input != null && input.password() != null)) {
            sessions.endAllOf(id); // they sign in again, as who they now are
        }
        return changed;
    }

    @POST
    @Path("/me/password")
    @RolesAllowed({Role.ADMIN_NAME, Role.STAFF_NAME, Role.ATTORNEY_NAME})
    @Operation(summary = "Change your own password {current, new} (new: at least 12 characters); every session of yours ends")
    public Response changeOwnPassword(@Auth Caller caller, @Context HttpServletRequest http, PasswordChange change) {
        if (caller.userId() == null) {
            throw new ApiException(403, "Only a person has a password: sign in, or use a token that belongs to a user");
        }
        ApiException.requireBody(change);
        String problem = change.next() == null ? "is required" : Passwords.problem(change.next());
        if (problem != null) {
            throw ApiException.invalid("new", problem);
        }
        User me = users.get(caller.userId());
        if (!signIn.isPasswordOf(me, change.current(), clientKey.apply(http))) {
            throw ApiException.invalid("current", "is not your current password");
        }
        users.setPassword(me.id(), change.next());
        sessions.endAllOf(me.id());
        Response.ResponseBuilder answer = Response.noContent();
        if (SessionCookie.secretOf(http) != null) {
            answer.header(HttpHeaders.SET_COOKIE, cookie.clear());
        }
        return answer.build();
    }
}
