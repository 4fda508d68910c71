package org.actionalerts.inbound;

import com.twilio.security.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Twilio-Signature} on webhooks. Twilio signs the URL it called (our public URL, not the one
 * Jetty sees behind a proxy) followed by every form parameter sorted by name, with HMAC-SHA1 and the auth token.
 */
public final class TwilioSignature {

    public static final String HEADER = "X-Twilio-Signature";

    private final RequestValidator validator;
    private final String publicBaseUrl;

    /** A null or blank token makes every request fail verification, so a misconfigured deployment fails closed. */
    public TwilioSignature(String authToken, String publicBaseUrl) {
        this.validator = authToken == null || authToken.isBlank() ? null : new RequestValidator(authToken);
        this.publicBaseUrl = stripTrailingSlash(publicBaseUrl == null ? "" : publicBaseUrl);
    }

    /**
     * @param path      the request path as Twilio called it, e.g. {@code /webhooks/twilio/status}
     * @param query     the raw query string without '?', or null
     * @param params    the form parameters of the POST body
     * @param signature the {@code X-Twilio-Signature} header, or null
     */
    public boolean verify(String path, String query, Map<String, String> params, String signature) {
        if (validator == null || signature == null || signature.isBlank()) {
            return false;
        }
        // RequestValidator compares in constant time and also accepts the URL with or without the default port.
        return validator.validate(url(path, query), params == null ? Map.of() : params, signature);
    }

    /** The URL Twilio signs for this path and query. */
    public String url(String path, String query) {
        String p = path == null || path.isEmpty() ? "" : (path.startsWith("/") ? path : "/" + path);
        return publicBaseUrl + p + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** The signature Twilio would send for this request: for tests, benchmarks and local tooling. */
    public static String compute(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params == null ? Map.<String, String>of() : params)
                .forEach((name, value) -> data.append(name).append(value == null ? "" : value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
