package org.actionalerts.supporters;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.actionalerts.accounts.Caller;
import org.actionalerts.accounts.Role;
import org.actionalerts.consent.ConsentEvent;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.platform.paging.PageRequest;
import org.actionalerts.supporters.imports.CsvImport;
import org.actionalerts.supporters.imports.ImportResult;

@Path("/api/v1/supporters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.STAFF_NAME)
@SecurityRequirement(name = "bearer")
public class SupporterResource {
    private final SupporterService supporters;
    private final ConsentService consent;
    private final CsvImport csvImport;

    public SupporterResource(SupporterService supporters, ConsentService consent, CsvImport csvImport) {
        this.supporters = supporters;
        this.consent = consent;
        this.csvImport = csvImport;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a supporter; 409 with existingId when the phone or email is someone else's")
    public Response create(@Auth Caller caller, SupporterInput input) {
        Supporter created = supporters.create(ApiException.requireBody(input), caller.getName());
        return Response.status(201).entity(created).build();
    }

    @GET
    @Operation(summary = "List supporters, filtered by state, county, tag or a search text, in pages")
    public Page<Supporter> list(@QueryParam("state") String state, @QueryParam("county") String county,
                                @QueryParam("tag") String tag, @QueryParam("q") String q,
                                @QueryParam("limit") String limit, @QueryParam("after") String after) {
        return supporters.list(new SupporterQuery(blankToNull(state) == null ? null : state.trim().toUpperCase(Locale.ROOT),
                blankToNull(county), blankToNull(tag), blankToNull(q), PageRequest.after(after), PageRequest.limit(limit)));
    }

    @GET
    @Path("/{id}")
    public Supporter get(@PathParam("id") long id) {
        return supporters.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change fields; smsOptIn/emailOptIn false records an opt-out the person asked for")
    public Supporter patch(@Auth Caller caller, @PathParam("id") long id, SupporterInput input) {
        return supporters.patch(id, ApiException.requireBody(input), caller.getName());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Erase a supporter from every table; an unsubscribed number or address stays suppressed; "
            + "409 for staff while the person has an open request for legal help (an admin may erase them)")
    public Response delete(@Auth Caller caller, @PathParam("id") long id) {
        supporters.delete(id, caller);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/consent")
    @Operation(summary = "The consent history, oldest first")
    public Map<String, List<ConsentEvent>> consent(@PathParam("id") long id) {
        supporters.get(id);
        return Map.of("items", consent.history(id));
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", "application/csv"})
    @Operation(summary = "Import supporters from CSV; rows matching a supporter by phone, else email, update it")
    public ImportResult importCsv(@Auth Caller caller, InputStream body) {
        return csvImport.run(body, caller.getName());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
