package org.actionalerts.assistance;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionalerts.accounts.Caller;
import org.actionalerts.accounts.Role;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.platform.paging.PageRequest;
import org.actionalerts.supporters.Supporter;

/** The assistance queue for attorneys (and admins). Staff may open a case for a supporter, nothing more. */
@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ATTORNEY_NAME)
@SecurityRequirement(name = "bearer")
public class CaseResource {
    private static final Set<String> STATUSES = Set.of("new", "assigned", "waiting", "resolved", "open");

    private final CaseService cases;
    private final CaseChanges changes;
    private final CaseConversation conversation;
    private final HelpRequests requests;

    /** Claiming the next case ({@code POST /api/v1/cases/claim}) is served by {@link ClaimServlet}. */
    public CaseResource(CaseService cases, CaseChanges changes, CaseConversation conversation, HelpRequests requests) {
        this.cases = cases;
        this.changes = changes;
        this.conversation = conversation;
        this.requests = requests;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.STAFF_NAME, Role.ATTORNEY_NAME})
    @Operation(summary = "Open a case for someone who called or came in {name, phone, email, state, language, topic, message}:"
            + " routed and escalated like any other, not acknowledged")
    public Response open(@Auth Caller caller, HelpRequests.OpenCaseInput input) {
        CaseRef ref = requests.openFor(input, caller);
        return Response.status(201).entity(Map.of("id", ref.id(), "reference", ref.reference(), "queue", ref.queue(),
                "priority", ref.priority())).build();
    }

    @GET
    @Operation(summary = "List cases by status (new, assigned, waiting, resolved, open; comma-separated), queue, priority,"
            + " assignee (a user id, me, or none for unassigned), overdue, changedSince (an ISO-8601 time: only cases changed after it)")
    public Page<CaseSummary> list(@Auth Caller caller, @QueryParam("status") String status, @QueryParam("queue") String queue,
                                  @QueryParam("priority") String priority, @QueryParam("assignee") String assignee,
                                  @QueryParam("overdue") String overdue, @QueryParam("changedSince") String changedSince,
                                  @QueryParam("limit") String limit, @QueryParam("after") String after) {
        List<String> statuses = blank(status) ? null : Arrays.stream(status.split(",")).map(String::strip).toList();
        if (statuses != null && !STATUSES.containsAll(statuses)) {
            throw ApiException.invalid("status", "must be new, assigned, waiting, resolved or open");
        }
        if (!blank(priority) && !Set.of("urgent", "normal").contains(priority)) {
            throw ApiException.invalid("priority", "must be urgent or normal");
        }
        if (!blank(overdue) && !Set.of("true", "false").contains(overdue)) {
            throw ApiException.invalid("overdue", "must be true or false");
        }
        boolean unassigned = !blank(assignee) && assignee.strip().equals("none");
        return cases.list(new CaseService.CaseQuery(statuses, blank(queue) ? null : queue.strip(),
                blank(priority) ? null : priority, unassigned ? null : assignee(assignee, caller), unassigned,
                changedSince(changedSince), blank(overdue) ? null : Boolean.valueOf(overdue),
                PageRequest.after(after), PageRequest.limit(limit)), caller);
    }

    @GET
    @Path("/{id}")
    public CaseView get(@Auth Caller caller, @PathParam("id") long id) {
        return cases.get(id, caller);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change status, assignee (a user id, or null to put it back in the queue), priority, topic or queue")
    public CaseView patch(@Auth Caller caller, @PathParam("id") long id, CasePatch body) {
        return changes.patch(id, body, caller);
    }

    @POST
    @Path("/{id}/replies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reply to the requester by sms or email through the outbox; 409 when they unsubscribed from that channel")
    public Response reply(@Auth Caller caller, @PathParam("id") long id, CaseConversation.ReplyRequest request) {
        return Response.accepted(conversation.reply(id, request, caller)).build();
    }

    @POST
    @Path("/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an internal note (never sent)")
    public Response note(@Auth Caller caller, @PathParam("id") long id, CaseConversation.NoteRequest request) {
        return Response.status(201).entity(conversation.note(id, request, caller)).build();
    }

    @GET
    @Path("/{id}/requester")
    @Operation(summary = "The supporter record of this case's requester")
    public Supporter requester(@Auth Caller caller, @PathParam("id") long id) {
        return cases.requester(id, caller);
    }

    private static Long assignee(String value, Caller caller) {
        if (blank(value)) {
            return null;
        }
        if (value.strip().equals("me")) {
            if (caller.userId() == null) {
                throw ApiException.invalid("assignee", "\"me\" needs a token that belongs to a user");
            }
            return caller.userId();
        }
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("assignee", "must be a user id, me or none");
        }
    }

    private static java.time.Instant changedSince(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return java.time.Instant.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalid("changedSince", "must be an ISO-8601 time such as 2026-03-01T12:00:00Z");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
