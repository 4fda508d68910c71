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
 * A plain HTTP client for tests, talking to the service the way any client would. Requests are sent with
 * the bearer token this instance holds ({@link #as} makes one with another token).
 */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String token;

    public Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Api as(String otherToken) {
        return new Api(base, otherToken);
    }

    public String base() {
        return base;
    }

    /** A new token with the given role, made with this client's (admin) token. */
    public Api withNewToken(String role) {
        Reply reply = post("/api/v1/tokens", "{\"name\":\"" + role + "-test\",\"role\":\"" + role + "\"}");
        if (reply.status() != 201) {
            throw new IllegalStateException("could not create token: " + reply);
        }
        return as(reply.json().get("token").asText());
    }

    public record Reply(int status, String body, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Reply get(String path) {
        return send(builder(path).GET());
    }

    public Reply delete(String path) {
        return send(builder(path).DELETE());
    }

    public Reply post(String path, String json) {
        return send(path, "POST", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public Reply patch(String path, String json) {
        return send(path, "PATCH", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public Reply send(String path, String method, String contentType, byte[] body) {
        HttpRequest.Builder b = builder(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    /** POST text/csv with a Content-Length. */
    public Reply postCsv(String path, byte[] csv) {
        return send(path, "POST", "text/csv", csv);
    }

    public Reply postCsv(String path, String csv) {
        return postCsv(path, csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the body without a Content-Length (chunked), as a client streaming a file of unknown size would. */
    public Reply sendChunked(String path, String method, String contentType, byte[] body) {
        HttpRequest.Builder b = builder(path)
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .header("Content-Type", contentType);
        return send(b);
    }

    public Reply sendWithHeader(String path, String method, String contentType, byte[] body, String header, String value) {
        HttpRequest.Builder b = builder(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header(header, value);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
