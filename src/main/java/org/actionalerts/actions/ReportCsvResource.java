package org.actionalerts.actions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.actionalerts.accounts.Role;

@Path("/api/v1/campaigns/{id}/report.csv")
@RolesAllowed(Role.STAFF_NAME)
@SecurityRequirement(name = "bearer")
public class ReportCsvResource {
    private final CampaignReport reports;

    public ReportCsvResource(CampaignReport reports) {
        this.reports = reports;
    }

    @GET
    @Produces("text/csv;charset=utf-8")
    @Operation(summary = "One row per recipient and channel: supporter_id, first_name, state, county, channel, status, "
            + "error_code, clicked_at, acted_at, replied_at, opted_out_at; formula-like cells prefixed with '")
    public Response csv(@PathParam("id") long id) {
        reports.requireCampaign(id);
        StreamingOutput body = out -> reports.csv(id, out);
        return Response.ok(body)
                .header("Content-Disposition", "attachment; filename=\"campaign-" + id + "-report.csv\"")
                .build();
    }
}
