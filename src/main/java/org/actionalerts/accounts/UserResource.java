package org.actionalerts.accounts;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

    public UserResource(UserService users, TokenService tokens) {
        this.tokens = tokens;
        this.users = users;
    }

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

    @GET
    @Path("/{id}")
    public User get(@PathParam("id") long id) {
        return users.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a user: queues, on call, active, contact details, role or password")
    public User patch(@PathParam("id") long id, UserInput input) {
        User changed = users.patch(id, input);
        tokens.forgetTrusted(); // a deactivated user's tokens stop working on the next request
        return changed;
    }
}
