package org.actionalerts.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A browser's side of a session, for API tests: signs in with email and password, then sends the {@code aa_session}
 * cookie (and, unless told not to, the {@code X-CSRF-Token}) the way the queue page does. Requests can claim to come
 * from a client address through {@code X-Forwarded-For} (believed when the test app trusts 127.0.0.1 as a proxy).
 */
public final class SessionClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String clientAddress;
    private String cookie;
    private String csrf;

    public SessionClient(String base, String clientAddress) {
        this.base = base;
        this.clientAddress = clientAddress;
    }

    public Api.Reply signIn(String email, String password) {
        Api.Reply r = send("POST", "/api/v1/session", JSON.createObjectNode().put("email", email).put("password", password)
                .toString(), false);
        if (r.status() == 200) {
            String setCookie = r.header("Set-Cookie");
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            csrf = r.json().get("csrfToken").asText();
        }
        return r;
    }

    /** The raw {@code aa_session=...} pair, or null before signing in. */
    public String cookie() {
        return cookie;
    }

    public String csrfToken() {
        return csrf;
    }

    public Api.Reply get(String path) {
        return send("GET", path, null, false);
    }

    public Api.Reply post(String path, String json) {
        return send("POST", path, json, true);
    }

    public Api.Reply patch(String path, String json) {
        return send("PATCH", path, json, true);
    }

    public Api.Reply delete(String path) {
        return send("DELETE", path, null, true);
    }

    /** Without the X-CSRF-Token header, as a forged cross-site request would be. */
    public Api.Reply sendWithoutCsrf(String method, String path, String json) {
        return send(method, path, json, false);
    }

    public Api.Reply send(String method, String path, String json, boolean withCsrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (withCsrf && csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        if (clientAddress != null) {
            b.header("X-Forwarded-For", clientAddress);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Api.Reply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
