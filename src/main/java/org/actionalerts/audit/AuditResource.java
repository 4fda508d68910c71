package org.actionalerts.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.actionalerts.accounts.Role;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.platform.paging.PageRequest;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@SecurityRequirement(name = "bearer")
public class AuditResource {
    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Who read or changed which case or requester, and when, oldest first")
    public Page<AuditEntry> find(@QueryParam("caseId") String caseId, @QueryParam("supporterId") String supporterId,
                                 @QueryParam("limit") String limit, @QueryParam("after") String after) {
        return audit.find(id("caseId", caseId), id("supporterId", supporterId), PageRequest.after(after),
                PageRequest.limit(limit));
    }

    private static Long id(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, "is not an id");
        }
    }
}
