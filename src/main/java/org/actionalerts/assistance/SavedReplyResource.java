package org.actionalerts.assistance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.actionalerts.accounts.Role;
import org.actionalerts.platform.errors.ApiError.FieldError;
import org.actionalerts.platform.errors.ApiException;
import org.jdbi.v3.core.Jdbi;

/** Replies attorneys send often ("We received your request…"), per language; admins keep the list. */
@Path("/api/v1/saved-replies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@SecurityRequirement(name = "bearer")
public class SavedReplyResource {
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

    public record SavedReply(long id, String language, String title, String body, Instant createdAt) {}

    public record SavedReplyInput(String language, String title, String body) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public SavedReplyResource(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @GET
    @RolesAllowed(Role.ATTORNEY_NAME)
    @Operation(summary = "Saved replies {items: [{id, language, title, body}]}, by language then title")
    public Map<String, List<SavedReply>> list() {
        return Map.of("items", jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, language, title, body, created_at FROM saved_replies ORDER BY language, title, id LIMIT 500")
                .map(org.jdbi.v3.core.mapper.reflect.ConstructorMapper.of(SavedReply.class)).list()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a saved reply {language (e.g. en, es), title, body}")
    public Response add(SavedReplyInput input) {
        ApiException.requireBody(input);
        List<FieldError> errors = new ArrayList<>();
        if (input.language() == null || !LANGUAGE.matcher(input.language()).matches()) {
            errors.add(new FieldError("language", "must be a language code such as en or es"));
        }
        if (input.title() == null || input.title().isBlank() || input.title().length() > 100) {
            errors.add(new FieldError("title", "is required, at most 100 characters"));
        }
        if (input.body() == null || input.body().isBlank() || input.body().length() > 1600) {
            errors.add(new FieldError("body", "is required, at most 1600 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        SavedReply saved = jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO saved_replies (language, title, body, created_at) VALUES (:language, :title, :body, :now)
                        RETURNING id, language, title, body, created_at""")
                .bind("language", input.language()).bind("title", input.title().strip()).bind("body", input.body().strip())
                .bind("now", clock.instant()).map(org.jdbi.v3.core.mapper.reflect.ConstructorMapper.of(SavedReply.class)).one());
        return Response.status(201).entity(saved).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a saved reply")
    public Response remove(@PathParam("id") long id) {
        int gone = jdbi.withHandle(h -> h.createUpdate("DELETE FROM saved_replies WHERE id = :id").bind("id", id).execute());
        if (gone == 0) {
            throw ApiException.notFound("Saved reply");
        }
        return Response.noContent().build();
    }
}
