package org.actionalerts.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.actionalerts.inbound.TwilioSignature;
import org.jdbi.v3.core.Jdbi;

/** Texts arriving the way Twilio delivers them: a signed form POST to the inbound webhook. */
public final class IncomingTexts {
    public static final String PATH = "/webhooks/twilio/sms";

    private IncomingTexts() {}

    /** Twilio's form fields for one text. */
    public static Map<String, String> text(String sid, String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        params.put("From", from);
        params.put("To", FakeTwilio.DEFAULT_FROM);
        params.put("Body", body);
        params.put("NumMedia", "0");
        return params;
    }

    public static byte[] form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
    }

    /** Posts the form without a token, signed for {@code publicBaseUrl} with the fake's auth token, or unsigned. */
    public static Api.Reply post(Api api, String publicBaseUrl, Map<String, String> params, boolean sign) {
        Api anonymous = api.as(null);
        return sign
                ? anonymous.sendWithHeader(PATH, "POST", "application/x-www-form-urlencoded", form(params),
                        TwilioSignature.HEADER, TwilioSignatures.compute(FakeTwilio.AUTH_TOKEN, publicBaseUrl + PATH, params))
                : anonymous.send(PATH, "POST", "application/x-www-form-urlencoded", form(params));
    }

    /** The webhook only stores a text; this waits until the service has acted on it. */
    public static void awaitProcessed(Jdbi jdbi, String sid) {
        Await.until(sid + " is processed", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM inbound_messages WHERE message_sid = :s AND processed_at IS NOT NULL")
                .bind("s", sid).mapTo(Integer.class).one()) == 1);
    }
}
