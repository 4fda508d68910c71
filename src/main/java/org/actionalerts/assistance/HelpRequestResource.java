package org.actionalerts.assistance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.actionalerts.platform.BodySizeLimitFilter;

/** The public help-request form's endpoint: no token, a small body, and a limit per client address. */
@Path("/api/v1/help-requests")
@Produces(MediaType.APPLICATION_JSON)
public class HelpRequestResource {
    private final HelpRequests requests;
    private final ClientRateLimiter limiter;
    private final ObjectReader reader;
    private final AssistanceSettings.HelpRequestSettings settings;

    public HelpRequestResource(HelpRequests requests, ClientRateLimiter limiter, ObjectMapper json,
                               AssistanceSettings.HelpRequestSettings settings) {
        this.requests = requests;
        this.limiter = limiter;
        this.reader = json.readerFor(HelpRequests.HelpRequestInput.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.settings = settings;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for legal help (no token): {name, phone, email, state, language, topic, message} → {reference}")
    public Response submit(@Context HttpServletRequest http, InputStream body) throws IOException {
        limiter.check(clientAddress(http));
        if (http.getContentLengthLong() > settings.maxBodyBytes()) {
            throw BodySizeLimitFilter.tooLarge(settings.maxBodyBytes());
        }
        // Read whole first: a streamed body without Content-Length is cut at the limit before Jackson sees it.
        byte[] bytes = body.readNBytes(settings.maxBodyBytes() + 1);
        if (bytes.length > settings.maxBodyBytes()) {
            throw BodySizeLimitFilter.tooLarge(settings.maxBodyBytes());
        }
        HelpRequests.HelpRequestInput input = reader.readValue(bytes);
        CaseRef ref = requests.submit(input);
        return Response.status(201).entity(Map.of("reference", ref.reference())).build();
    }

    /** The right-most X-Forwarded-For entry is the one our own proxy wrote; the others are the client's say-so. */
    private String clientAddress(HttpServletRequest http) {
        String forwarded = http.getHeader("X-Forwarded-For");
        if (settings.trustForwardedFor() && forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                if (!hops[i].isBlank()) {
                    return hops[i].strip();
                }
            }
        }
        return http.getRemoteAddr();
    }
}
