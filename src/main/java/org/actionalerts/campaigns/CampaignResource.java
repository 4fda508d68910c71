package org.actionalerts.campaigns;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.actionalerts.accounts.Caller;
import org.actionalerts.accounts.Role;
import org.actionalerts.delivery.OutboxMessage;
import org.actionalerts.delivery.Status;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.platform.paging.PageRequest;

@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.STAFF_NAME)
@SecurityRequirement(name = "bearer")
public class CampaignResource {
    /** The outbox's statuses, from delivery's one list of them. */
    private static final List<String> MESSAGE_STATUSES =
            java.util.Arrays.stream(Status.values()).map(Status::dbValue).toList();

    private final CampaignService campaigns;

    public CampaignResource(CampaignService campaigns) {
        this.campaigns = campaigns;
    }

    @POST
    @Operation(summary = "Create a Take Action campaign (a draft)", description = MergeField.DESCRIPTION)
    public Response create(@Auth Caller caller, CampaignRequest request) {
        return Response.status(201).entity(campaigns.create(ApiException.requireBody(request), caller.getName(),
                caller.role())).build();
    }

    @GET
    @Operation(summary = "List campaigns, oldest first, in pages")
    public Page<CampaignView> list(@QueryParam("limit") Integer limit, @QueryParam("after") String after) {
        return campaigns.list(PageRequest.after(after), PageRequest.limit(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A campaign with live stats; a draft also shows how many people each channel would reach")
    public CampaignView get(@PathParam("id") long id) {
        return campaigns.get(id);
    }

    public record PreviewRequest(Long supporterId) {}

    @POST
    @Path("/{id}/preview")
    @Operation(summary = "The texts one supporter would receive ({\"supporterId\"}), or with no supporter one "
            + "rendering per language for a sample recipient and how many people get each variant and each fallback",
            description = "With supporterId: sms, smsSegments, smsEncoding, subject, text, html, complianceFooter. "
                    + "Without (empty body or {}): languages {lang: {sampleSupporterId, sms, smsSegments, smsEncoding, "
                    + "complianceFooter, subject, text, html}}, recipients {channel: {variant: n}} (people without a "
                    + "variant of their own are counted under en), fallingBackToEn {channel: n}, fallbacks {field: n}.")
    public Object preview(@PathParam("id") long id, PreviewRequest request) {
        if (request == null || request.supporterId() == null) {
            return campaigns.preview(id);
        }
        return campaigns.preview(id, request.supporterId());
    }

    @POST
    @Path("/{id}/launch")
    @Operation(summary = "Launch now, or schedule for sendAt; launching again never sends anyone a second copy")
    public Response launch(@PathParam("id") long id) {
        return Response.accepted(campaigns.launch(id)).build();
    }

    @POST
    @Path("/{id}/test")
    @Operation(summary = "Send the rendered alert to a staff member's own phone or inbox")
    public Response test(@PathParam("id") long id, CampaignService.TestSend request) {
        return Response.accepted(campaigns.test(id, request)).build();
    }

    @POST
    @Path("/{id}/pause")
    public CampaignView pause(@PathParam("id") long id) {
        return campaigns.pause(id);
    }

    @POST
    @Path("/{id}/resume")
    public CampaignView resume(@PathParam("id") long id) {
        return campaigns.resume(id);
    }

    @POST
    @Path("/{id}/cancel")
    public CampaignView cancel(@PathParam("id") long id) {
        return campaigns.cancel(id);
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "Per-recipient outcome, with the provider's error code when failed")
    public Page<OutboxMessage> messages(@PathParam("id") long id, @QueryParam("status") String status,
                                        @QueryParam("limit") Integer limit, @QueryParam("after") String after) {
        if (status != null && !MESSAGE_STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of " + String.join(", ", MESSAGE_STATUSES));
        }
        return campaigns.messages(id, status, PageRequest.after(after), PageRequest.limit(limit));
    }

    @GET
    @Path("/{id}/replies")
    @Operation(summary = "Texts supporters sent in reply to this campaign")
    public Page<CampaignService.Reply> replies(@PathParam("id") long id, @QueryParam("limit") Integer limit,
                                               @QueryParam("after") String after) {
        return campaigns.replies(id, PageRequest.after(after), PageRequest.limit(limit));
    }

}
