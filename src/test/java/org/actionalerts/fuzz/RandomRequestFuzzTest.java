package org.actionalerts.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.TestApp;

/**
 * Random requests against the JSON API: every path in /openapi.json (and the webhooks), with random ids, query
 * strings, bodies (garbage bytes, deeply nested JSON, huge numbers, wrong types, unicode, control characters),
 * content types and tokens. Whatever arrives, the answer is never a 5xx and never shows a stack trace.
 */
class RandomRequestFuzzTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final List<String[]> ENDPOINTS = new ArrayList<>(); // method, path template
    static final String[] FIELDS = {"name", "firstName", "phone", "email", "tags", "channels", "audience", "sms", "email",
            "body", "subject", "role", "status", "sendAt", "queue", "topic", "message", "language", "smsOptIn", "id",
            "listId", "supporterIds", "expiresAt", "userId", "password", "note", "urgent", "en", "es", "html", "text"};
    static String staffToken;

    @BeforeContainer
    static void start() throws Exception {
        APP.before();
        staffToken = createToken("staff");
        JsonNode openApi = new ObjectMapper().readTree(TestApp.api(APP).get("/openapi.json").body());
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> ENDPOINTS.add(new String[] {method.toUpperCase(), path.getKey()}));
        }
        ENDPOINTS.add(new String[] {"POST", "/webhooks/twilio/sms"});
        ENDPOINTS.add(new String[] {"POST", "/webhooks/twilio/status"});
        ENDPOINTS.add(new String[] {"GET", "/unsubscribe/{token}"});
        assertThat(ENDPOINTS.size()).isGreaterThan(20);
    }

    static String createToken(String role) {
        return TestApp.api(APP).post("/api/v1/tokens", "{\"name\":\"fuzz\",\"role\":\"" + role + "\"}").json().get("token").asText();
    }

    @AfterContainer
    static void stop() {
        APP.after();
    }

    record Request(int endpoint, List<String> ids, String query, String method, String contentType, byte[] body,
                   int token, Map<String, String> headers) {}

    @Property(tries = 300)
    void noRequestGetsA5xxOrAStackTrace(@ForAll("requests") Request r) throws Exception {
        String[] endpoint = ENDPOINTS.get(r.endpoint() % ENDPOINTS.size());
        String path = endpoint[1];
        Iterator<String> ids = r.ids().iterator();
        while (path.contains("{")) {
            int open = path.indexOf('{');
            int close = path.indexOf('}', open);
            path = path.substring(0, open) + URLEncoder.encode(ids.hasNext() ? ids.next() : "1", StandardCharsets.UTF_8)
                    .replace("+", "%20") + path.substring(close + 1);
        }
        String method = r.method() == null ? endpoint[0] : r.method();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path + r.query()))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (r.contentType() != null) {
            b.header("Content-Type", r.contentType());
        }
        switch (r.token() % 4) {
            case 0 -> b.header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);
            case 1 -> b.header("Authorization", "Bearer " + staffToken);
            case 2 -> b.header("Authorization", "Bearer not-a-token");
            default -> { }
        }
        r.headers().forEach(b::header);
        String what = method + " " + path + r.query() + " (" + r.contentType() + ", " + r.body().length + " bytes)";
        HttpRequest request = b.build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closedUnderUs) {
            // Seen now and then: a kept-alive connection closed by the server just as the next request went out on
            // it (a race with a previous refusal's close; not reproduced alone, see the report). Once more, anew.
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).as(what + " → " + response.body()).isLessThan(500);
        assertThat(response.body()).as(what)
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.");
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Integer> endpoint = Arbitraries.integers().between(0, 10_000);
        Arbitrary<List<String>> ids = id().list().ofSize(3);
        Arbitrary<String> method = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just((String) null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")));
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(2, otherContentTypes()));
        return requests(endpoint, ids, method, contentType);
    }

    Arbitrary<String> otherContentTypes() {
        return Arbitraries.of(null, "application/json", "application/json; charset=UTF-8",
                "text/csv", "application/x-www-form-urlencoded", "text/plain", "application/xml", "multipart/form-data",
                "application/json; charset=latin1", "*/*", "garbage");
    }

    Arbitrary<Request> requests(Arbitrary<Integer> endpoint, Arbitrary<List<String>> ids, Arbitrary<String> method,
                                Arbitrary<String> contentType) {
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(
                Arbitraries.of("Accept", "X-Forwarded-For", "X-Twilio-Signature", "Accept-Language", "If-None-Match", "X-Request-Id"),
                Arbitraries.of("*/*", "application/json", "text/html", "1.2.3.4, ::1", "garbage", "x".repeat(500),
                        "application/xml;q=0.9", "en-US,es;q=0.5", "\"etag\"", "ñ")
                        .filter(v -> v.chars().allMatch(c -> c >= 0x20 && c < 0x7f))).ofMaxSize(3);
        return Combinators.combine(endpoint, ids, query(), method, contentType, body(), Arbitraries.integers().between(0, 3), headers)
                .as(Request::new);
    }

    Arbitrary<String> id() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-5, 50).map(String::valueOf),
                Arbitraries.of("0", "-1", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
                        "1e3", "1.5", "NaN", "null", "true", "abc", "%00", "..", "sms", "default", "ñ", "😀", " ", "1;DROP TABLE x"),
                Arbitraries.strings().ofMaxLength(12));
    }

    Arbitrary<String> query() {
        Arbitrary<String> key = Arbitraries.of("limit", "offset", "cursor", "q", "tag", "status", "channel", "queue", "after",
                "before", "since", "page", "sort", "list", "from", "to", "dryRun", "token");
        Arbitrary<String> value = Arbitraries.oneOf(id(), Arbitraries.of("-1", "100000000", "2024-13-45", "", "true"));
        return Combinators.combine(key, value).as((k, v) -> k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                .list().ofMaxSize(3).map(l -> l.isEmpty() ? "" : "?" + String.join("&", l));
    }

    Arbitrary<byte[]> body() {
        Arbitrary<String> json = jsonValue(3);
        // Bodies of the right shape with hostile values reach past validation into the services and the database.
        Arbitrary<String> value = jsonValue(1);
        Arbitrary<String> nearlyValid = Combinators.combine(value, value, value).as((a, b, c) -> Arbitraries.of(
                "{\"firstName\":" + a + ",\"phone\":" + b + ",\"tags\":[" + c + "],\"smsOptIn\":true}",
                "{\"name\":" + a + ",\"channels\":[\"sms\"],\"audience\":{\"tags\":[" + b + "]},\"sms\":{\"body\":{\"en\":" + c + "}}}",
                "{\"name\":" + a + ",\"phone\":" + b + ",\"topic\":\"detention\",\"message\":" + c + "}",
                "{\"name\":" + a + ",\"role\":" + b + ",\"expiresAt\":" + c + "}",
                "{\"status\":" + a + ",\"queue\":" + b + ",\"note\":" + c + "}",
                "{\"body\":" + a + ",\"sendAt\":" + b + "}").sample());
        return Arbitraries.oneOf(
                nearlyValid.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                nearlyValid.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                json.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                json.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                json.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 3000).map(d -> ("[".repeat(d) + "]".repeat(d)).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 3000).map(d -> ("{\"a\":".repeat(d) + "1" + "}".repeat(d)).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of("{\"name\":1e999999}", "{\"phone\":123456789012345678901234567890}", "{\"limit\":-0.0}",
                        "{\"name\":\"\\u0000\"}", "{\"name\":\"\\ud800\"}", "\"just a string\"", "null", "[]", "{", "{}}",
                        "{\"tags\":{\"a\":1}}", "{\"channels\":[\"sms\",\"pigeon\"]}", "{\"sendAt\":\"yesterday\"}",
                        "Body=STOP&From=%2B13015550100&MessageSid=SM1", "first_name,phone\nAna,not-a-phone\n\"",
                        "{\"audience\":{\"tags\":[null]}}", "{\"sms\":{\"body\":{\"en\":\"{{>x}}\"}}}")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(RandomRequestFuzzTest::jsonString),
                Arbitraries.of("0", "-1", "1e308", "-1e309", "123456789012345678901234567890", "0.1", "true", "false",
                        "null", "\"\"", "\"+13015550100\"", "\"a@example.org\"", "\"2030-01-01T00:00:00Z\"",
                        "\"\\u0007\\u001b\"", "\"" + "x".repeat(5000) + "\""));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.of(FIELDS), jsonValue(depth - 1))
                .as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(6).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.oneOf(scalar, array, object, object);
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
