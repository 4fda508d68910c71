package org.actionalerts.inbound;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.Map;
import org.actionalerts.delivery.DeliveryReceipts;
import org.actionalerts.platform.errors.ApiException;

/**
 * Twilio's message status callbacks. Unsigned or forged requests get 403 and change nothing; a repeated
 * callback changes nothing either (see {@link DeliveryReceipts}).
 */
@Path("/webhooks/twilio/status")
@Hidden
public class TwilioStatusResource {
    private final TwilioSignature signature;
    private final DeliveryReceipts receipts;
    private final com.codahale.metrics.Timer latency;

    /** {@code latency}: each callback's time to its answer (metric {@code inbound.webhook.status}). */
    public TwilioStatusResource(TwilioSignature signature, DeliveryReceipts receipts, com.codahale.metrics.Timer latency) {
        this.signature = signature;
        this.receipts = receipts;
        this.latency = latency;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response callback(@Context UriInfo uri, @HeaderParam(TwilioSignature.HEADER) String signed,
                             MultivaluedMap<String, String> form) {
        try (var timing = latency.time()) {
            return receive(uri, signed, form);
        }
    }

    private Response receive(UriInfo uri, String signed, MultivaluedMap<String, String> form) {
        Map<String, String> params = singleValues(form);
        if (!signature.verify(uri.getPath().startsWith("/") ? uri.getPath() : "/" + uri.getPath(),
                uri.getRequestUri().getRawQuery(), params, signed)) {
            throw new ApiException(403, "Missing or invalid Twilio signature");
        }
        String sid = params.get("MessageSid");
        String status = params.get("MessageStatus");
        if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
            throw ApiException.invalid("MessageSid", "MessageSid and MessageStatus are required");
        }
        receipts.receive(sid, status, params.get("ErrorCode"));
        return Response.noContent().build();
    }

    static Map<String, String> singleValues(MultivaluedMap<String, String> form) {
        Map<String, String> params = new HashMap<>();
        if (form != null) {
            form.forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        }
        return params;
    }
}
