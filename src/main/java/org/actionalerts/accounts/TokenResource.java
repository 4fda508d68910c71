package org.actionalerts.accounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.platform.errors.ApiError.FieldError;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.platform.paging.PageRequest;

@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@SecurityRequirement(name = "bearer")
public class TokenResource {
    private final TokenService tokens;

    public TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    public record CreateTokenRequest(String name, String role, Long userId, Instant expiresAt) {}

    public record CreatedToken(long id, String name, Role role, Long userId, Instant createdAt, Instant expiresAt,
                               String token) {}

    @GET
    @Operation(summary = "Every token ever issued, with its role, user, last use, expiry and revocation; never a secret")
    public Page<ApiToken> list(@QueryParam("limit") Integer limit, @QueryParam("after") String after) {
        return tokens.list(PageRequest.after(after), PageRequest.limit(limit));
    }

    @POST
    @Operation(summary = "Issue a bearer token; the secret is shown only in this answer")
    public Response create(CreateTokenRequest request) {
        if (request == null) {
            throw ApiException.invalid("name", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || request.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        }
        Role role = request.role() == null ? null : Role.parse(request.role()).orElse(null);
        if (role == null) {
            errors.add(new FieldError("role", "must be one of admin, staff, attorney"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        TokenService.IssuedToken issued = tokens.issue(request.name().trim(), role, request.userId(), request.expiresAt());
        ApiToken t = issued.token();
        return Response.status(201).entity(new CreatedToken(t.id(), t.name(), t.role(), t.userId(), t.createdAt(),
                t.expiresAt(), issued.secret())).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token; it stops working at once")
    public Response revoke(@PathParam("id") long id) {
        tokens.revoke(id);
        return Response.noContent().build();
    }
}
