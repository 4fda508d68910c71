package org.actionalerts.delivery.sms.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;

/**
 * The Twilio SDK's HTTP client, pointed at {@code TWILIO_API_BASE_URL} (the SDK always builds
 * {@code https://{domain}.twilio.com} URLs and has no base-URL setting).
 *
 * <ul>
 *   <li>Each request is rebuilt with scheme, host and port taken from the base URL (plus any path prefix);
 *       path, query, form and header parameters, auth, content type and body are copied.</li>
 *   <li>The SDK retries 5xx answers itself, three times, 100 ms apart. That would hide 503s from the
 *       dispatcher's backoff and could resend a message Twilio took but answered badly, so it is disabled:
 *       exactly one HTTP request per SDK call. Apache's own retries are disabled for the same reason.</li>
 *   <li>The SDK turns error answers into exceptions and drops their headers; the last response seen by the
 *       calling thread is kept so the gateway can read {@code Retry-After} and the HTTP status.</li>
 *   <li>The connection pool allows {@code maxConnections} concurrent requests to the one host (the SDK's
 *       default is 20 per route), enough for the dispatcher to reach its rate ceiling at 200 ms per answer.</li>
 * </ul>
 */
final class RebasedHttpClient extends NetworkHttpClient {

    private final URI base;
    private final ThreadLocal<Response> lastResponse = new ThreadLocal<>();

    RebasedHttpClient(String apiBaseUrl, int maxConnections) {
        super(builder(maxConnections));
        this.base = URI.create(apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl);
        if (base.getScheme() == null || base.getHost() == null) {
            throw new IllegalArgumentException("TWILIO_API_BASE_URL must be an absolute http(s) URL");
        }
    }

    private static HttpClientBuilder builder(int maxConnections) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                // Check a pooled connection that sat idle before reusing it: Twilio closes idle keep-alives.
                .setDefaultConnectionConfig(ConnectionConfig.custom().setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .evictIdleConnections(TimeValue.ofSeconds(30));
    }

    @Override
    public Response makeRequest(Request request) {
        lastResponse.remove();
        Response response = super.makeRequest(rebase(request));
        lastResponse.set(response);
        return response;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    /** The response to this thread's last request, or null when it never got one (network error); clears it. */
    Response takeLastResponse() {
        Response response = lastResponse.get();
        lastResponse.remove();
        return response;
    }

    void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // Shutting down: nothing left to do with a pool that will not close cleanly.
        }
    }

    Request rebase(Request original) {
        URI target = URI.create(original.getUrl());
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        String url = base.getScheme() + "://" + base.getRawAuthority() + basePath + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        Request copy = new Request(original.getMethod(), url);
        copyParams(original.getQueryParams(), copy::addQueryParam);
        copyParams(original.getPostParams(), copy::addPostParam);
        copyParams(original.getHeaderParams(), copy::addHeaderParam);
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        copy.setFormParameters(original.getFormParameters());
        copy.setUserAgentExtensions(original.getUserAgentExtensions());
        return copy;
    }

    private interface ParamSink {
        void add(String name, String value);
    }

    private static void copyParams(Map<String, List<String>> params, ParamSink sink) {
        params.forEach((name, values) -> values.forEach(value -> sink.add(name, value)));
    }
}
