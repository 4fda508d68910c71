package org.actionalerts.inbound;

import com.twilio.security.RequestValidator;
import java.util.Map;

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

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
