package org.actionalerts.assistance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.actionalerts.accounts.Role;

@Path("/api/v1/queues")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ATTORNEY_NAME)
@SecurityRequirement(name = "bearer")
public class QueueResource {
    private final QueueStats stats;

    public QueueResource(QueueStats stats) {
        this.stats = stats;
    }

    @GET
    @Path("/{queue}/stats")
    @Operation(summary = "Open cases by priority and status, overdue, median time to first response (seconds)")
    public QueueStats.Stats stats(@PathParam("queue") String queue) {
        return stats.of(queue);
    }
}
