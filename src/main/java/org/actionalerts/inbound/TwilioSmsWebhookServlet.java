package org.actionalerts.inbound;

import org.actionalerts.platform.text.ControlCharacters;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.actionalerts.platform.FormFields;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.errors.ServletErrors;
import org.actionalerts.supporters.PhoneNumbers;

/**
 * Twilio's inbound-message webhook, {@code POST /webhooks/twilio/sms}. The signature is checked before anything
 * else; a forged or unsigned request is refused with 403 and leaves no trace. A good one is stored (once per
 * MessageSid) and answered at once; the {@link InboundProcessor} acts on it right after. Answers go through the
 * outbox, so the TwiML is empty.
 *
 * <p>A plain servlet rather than a Jersey resource: this is the one endpoint outsiders can drive at carrier speed,
 * and Jersey's per-request work (filters, entity providers, injection) was measured at more than half of its CPU
 * (docs/PERFORMANCE.md). It answers errors in the JSON API's shape like every other endpoint ({@link ServletErrors}),
 * and decodes its form as the claim servlet decodes its query ({@link FormFields}).
 */
public class TwilioSmsWebhookServlet extends HttpServlet {
    public static final String PATH = "/webhooks/twilio/sms";
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
    private static final int MAX_BODY_CHARS = 1600; // Twilio's own limit for one message
    private static final String FORM = "application/x-www-form-urlencoded";

    private final transient TwilioSignature signature;
    private final transient InboundInbox inbox;
    private final transient ObjectMapper json;
    private final long maxBodyBytes;
    private final String tooLargeMessage;
    private final transient com.codahale.metrics.Timer latency;

    /** {@code latency}: each request's time to its answer (metric {@code inbound.webhook.sms}). */
    public TwilioSmsWebhookServlet(TwilioSignature signature, InboundInbox inbox, ObjectMapper json, long maxBodyBytes,
                                   com.codahale.metrics.Timer latency) {
        this.signature = signature;
        this.inbox = inbox;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.tooLargeMessage = "Webhook bodies are limited to " + maxBodyBytes + " bytes";
        this.latency = latency;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (var timing = latency.time()) {
            ServletErrors.requirePost(request, response, "Only POST is allowed here");
            receive(request);
            response.setContentType("text/xml;charset=UTF-8");
            response.getWriter().write(EMPTY_TWIML);
        } catch (ApiException e) {
            ServletErrors.write(response, json, e.toError());
        } catch (RuntimeException e) {
            ServletErrors.write(response, json, ServletErrors.errorFor(e));
        }
    }

    private void receive(HttpServletRequest request) throws IOException {
        ServletErrors.requireMediaType(request, FORM, "Twilio webhooks are " + FORM);
        Map<String, String> params = form(body(request));
        if (!signature.verify(PATH, request.getQueryString(), params, request.getHeader(TwilioSignature.HEADER))) {
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
        // A person's text is kept even with a stray control character (PostgreSQL refuses NUL): drop just those.
        inbox.accept(new InboundSms(sid.strip(), phone, ControlCharacters.strip(body)));
    }

    /** The body, refused with 413 when it is larger than the webhook limit (by its length or while reading). */
    private String body(HttpServletRequest request) throws IOException {
        ServletErrors.requireDeclaredLengthAtMost(request, maxBodyBytes, tooLargeMessage);
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
            return new String(bytes, StandardCharsets.UTF_8); // malformed bytes become U+FFFD, refused below
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, tooLargeMessage);
    }

    /** Form fields as Twilio sends them; a repeated name keeps its first value. */
    static Map<String, String> form(String body) {
        try {
            return FormFields.decode(body);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "The form body is not URL-encoded");
        }
    }
}
