package org.actionalerts.actions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.actionalerts.accounts.Role;

@Path("/api/v1/campaigns/{id}/report")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.STAFF_NAME)
@SecurityRequirement(name = "bearer")
public class ReportResource {
    private final CampaignReport reports;

    public ReportResource(CampaignReport reports) {
        this.reports = reports;
    }

    @GET
    @Operation(summary = "What the campaign did, in people: recipients, sent, delivered, failed, clicked, acted, "
            + "replied, optedOut; byLanguage, byCounty, hourly; failuresByErrorCode (messages)")
    public CampaignReport.Report report(@PathParam("id") long id) {
        return reports.report(id);
    }
}
