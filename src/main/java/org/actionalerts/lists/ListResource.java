package org.actionalerts.lists;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.actionalerts.accounts.Role;
import org.actionalerts.platform.errors.ApiException;

@Path("/api/v1/lists")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.STAFF_NAME)
@SecurityRequirement(name = "bearer")
public class ListResource {
    private final ListService lists;

    public ListResource(ListService lists) {
        this.lists = lists;
    }

    public record CreateList(String name) {}

    public record AddMembers(List<Long> supporterIds) {}

    @POST
    @Operation(summary = "Create a list")
    public Response create(CreateList body) {
        return Response.status(201).entity(lists.create(ApiException.requireBody(body).name())).build();
    }

    @GET
    @Path("/{id}")
    public SupporterList get(@PathParam("id") long id) {
        return lists.get(id);
    }

    @POST
    @Path("/{id}/members")
    @Operation(summary = "Add supporters to a list; unknown ids are reported in unknownIds")
    public ListService.MembersAdded addMembers(@PathParam("id") long id, AddMembers body) {
        return lists.addMembers(id, ApiException.requireBody(body).supporterIds());
    }
}
