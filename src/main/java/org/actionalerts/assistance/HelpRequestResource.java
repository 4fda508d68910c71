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

/** The public help-request form's endpoint: no token, a small body, and a limit per client (IPv4 address or IPv6 /64; see
 * {@link TrustedProxies} for who the client is behind our proxies). */
@Path("/api/v1/help-requests")
@Produces(MediaType.APPLICATION_JSON)
public class HelpRequestResource {
    private final HelpRequests requests;
    private final ClientRateLimiter limiter;
    private final ObjectReader reader;
    private final AssistanceSettings.HelpRequestSettings settings;
    private final TrustedProxies proxies;

    public HelpRequestResource(HelpRequests requests, ClientRateLimiter limiter, ObjectMapper json,
                               AssistanceSettings.HelpRequestSettings settings, TrustedProxies proxies) {
        this.requests = requests;
        this.proxies = proxies;
        this.limiter = limiter;
        this.reader = json.readerFor(HelpRequests.HelpRequestInput.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.settings = settings;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for legal help (no token): {name, phone, email, state, language, topic, message} → {reference}")
    public Response submit(@Context HttpServletRequest http, InputStream body) throws IOException {
        limiter.check(TrustedProxies.clientKey(proxies.clientOf(http.getRemoteAddr(), http.getHeaders("X-Forwarded-For"))));
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
}
