package org.actionalerts.inbound;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.supporters.PhoneNumbers;

/**
 * Twilio's inbound-message webhook. The signature is checked before anything else; a forged or unsigned
 * request is refused with 403 and leaves no trace. A good one is stored (once per MessageSid) and answered at
 * once; the {@link InboundProcessor} acts on it right after. Answers go through the outbox, so the TwiML is empty.
 */
@Path("/webhooks/twilio/sms")
@Hidden
public class TwilioSmsWebhookResource {
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
    private static final int MAX_BODY_CHARS = 1600; // Twilio's own limit for one message

    private final TwilioSignature signature;
    private final InboundInbox inbox;

    public TwilioSmsWebhookResource(TwilioSignature signature, InboundInbox inbox) {
        this.signature = signature;
        this.inbox = inbox;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response receive(@Context UriInfo uri, @HeaderParam(TwilioSignature.HEADER) String signed,
                            MultivaluedMap<String, String> form) {
        Map<String, String> params = TwilioStatusResource.singleValues(form);
        String path = uri.getPath().startsWith("/") ? uri.getPath() : "/" + uri.getPath();
        if (!signature.verify(path, uri.getRequestUri().getRawQuery(), params, signed)) {
            throw new ApiException(403, "Missing or invalid Twilio signature");
        }
        String sid = params.get("MessageSid");
        String from = params.get("From");
        String body = params.getOrDefault("Body", "");
        if (sid == null || sid.isBlank()) {
            throw ApiException.invalid("MessageSid", "is required");
        }
        String phone = from == null ? null : PhoneNumbers.fromCarrier(from).orElse(null);
        if (phone == null) {
            throw ApiException.invalid("From", "is not a phone number");
        }
        if (body.length() > MAX_BODY_CHARS || body.indexOf('\uFFFD') >= 0) {
            throw ApiException.invalid("Body", "is not a text Twilio would send");
        }
        inbox.accept(new InboundSms(sid.strip(), phone, body));
        return Response.ok(EMPTY_TWIML, "text/xml").build();
    }
}
