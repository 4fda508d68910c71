package org.actionalerts.actions;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.actionalerts.accounts.Caller;
import org.actionalerts.accounts.Role;
import org.actionalerts.platform.errors.ApiException;

/** Actions recorded by hand: one at a time, or a CSV such as the sign-in sheet of a county board meeting. */
@Path("/api/v1/campaigns/{id}/actions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.STAFF_NAME)
@SecurityRequirement(name = "bearer")
public class ActionResource {
    private final ActionService actions;

    public ActionResource(ActionService actions) {
        this.actions = actions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record that a supporter acted for this campaign ({\"supporterId\", \"type\": call|attended|"
            + "signed|other, \"note\"}): 201 with the action; 200 with the existing one when that supporter's action "
            + "of that type is already recorded for the campaign (nothing changes)")
    public Response record(@Auth Caller caller, @PathParam("id") long id, ActionService.ActionRequest request) {
        ActionService.Recorded r = actions.record(id, ApiException.requireBody(request), caller.getName());
        return Response.status(r.created() ? 201 : 200).entity(r.action()).build();
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", "application/csv"})
    @Operation(summary = "Record actions from CSV: a header row with phone and/or email, type, and optionally note; "
            + "rows naming nobody we know or with a bad type are rejected by line (header = line 1), the others kept")
    public ActionService.ImportResult importCsv(@Auth Caller caller, @PathParam("id") long id, InputStream body) {
        return actions.importCsv(id, body, caller.getName());
    }
}
