package org.actionalerts.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Generated;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random requests against the JSON API: every path in /openapi.json (and the webhooks), with random ids, query
 * strings, bodies (garbage bytes, deeply nested JSON, huge numbers, wrong types, unicode, control characters),
 * content types and tokens. Whatever arrives, the answer is never a 5xx and never shows a stack trace.
 */
@ExtendWith({DropwizardExtensionsSupport.class, Generated.Cases.class})
class RandomRequestFuzzTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final List<String[]> ENDPOINTS = new ArrayList<>(); // method, path template
    static final String[] FIELDS = {"name", "firstName", "phone", "email", "tags", "channels", "audience", "sms", "email",
            "body", "subject", "role", "status", "sendAt", "queue", "topic", "message", "language", "smsOptIn", "id",
            "listId", "supporterIds", "expiresAt", "userId", "password", "note", "urgent", "en", "es", "html", "text"};
    static String staffToken;

    @BeforeAll
    static void start() throws Exception {
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

    record Request(int endpoint, List<String> ids, String query, String method, String contentType, byte[] body,
                   int token, Map<String, String> headers) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void noRequestGetsA5xxOrAStackTrace(String label, Request r) throws Exception {
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

    static Stream<Arguments> noRequestGetsA5xxOrAStackTrace() {
        // The bodies a generator reaches only by luck, each sent to a few endpoints (the ends of the index range,
        // which wrap around the list of endpoints) as admin, with JSON's content type and no query.
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(new byte[0]);
        bodies.add(("[".repeat(3000) + "]".repeat(3000)).getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8));
        bodies.add(("\"" + "x".repeat(5000) + "\"").getBytes(StandardCharsets.UTF_8));
        bodies.add(new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3});
        for (String s : HOSTILE) {
            bodies.add(s.getBytes(StandardCharsets.UTF_8));
        }
        List<Arguments> edges = new ArrayList<>();
        for (int endpoint : new int[] {0, 1, 9_999, 10_000}) {
            for (int i = 0; i < bodies.size(); i++) {
                edges.add(Generated.edge("endpoint " + endpoint + ", body " + i, new Request(endpoint, List.of("1", "0", "-1"), "",
                        null, "application/json", bodies.get(i), 0, Map.of())));
            }
        }
        return Stream.concat(edges.stream(), Generated.cases("noRequestGetsA5xxOrAStackTrace", 300, RandomRequestFuzzTest::request));
    }

    static Request request(Generated g) {
        int endpoint = g.intBetween(0, 10_000);
        List<String> ids = g.list(3, 3, () -> id(g));
        String method = g.frequency(8, (Supplier<String>) () -> null,
                1, (Supplier<String>) () -> g.pick("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"));
        String contentType = g.frequency(3, (Supplier<String>) () -> "application/json",
                2, (Supplier<String>) () -> g.pick(OTHER_CONTENT_TYPES));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = g.size(0, 3); i > 0; i--) {
            headers.put(g.pick(HEADER_NAMES), g.pick(HEADER_VALUES));
        }
        return new Request(endpoint, ids, query(g), method, contentType, body(g), g.intBetween(0, 3), headers);
    }

    static final String[] OTHER_CONTENT_TYPES = {null, "application/json", "application/json; charset=UTF-8",
            "text/csv", "application/x-www-form-urlencoded", "text/plain", "application/xml", "multipart/form-data",
            "application/json; charset=latin1", "*/*", "garbage"};
    static final String[] HEADER_NAMES = {"Accept", "X-Forwarded-For", "X-Twilio-Signature", "Accept-Language",
            "If-None-Match", "X-Request-Id"};
    /** Header values the HTTP client can send (printable ASCII; it refuses others before anything is sent). */
    static final String[] HEADER_VALUES = Stream.of("*/*", "application/json", "text/html", "1.2.3.4, ::1", "garbage",
                    "x".repeat(500), "application/xml;q=0.9", "en-US,es;q=0.5", "\"etag\"", "ñ")
            .filter(v -> v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).toArray(String[]::new);
    static final String[] IDS = {"0", "-1", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
            "1e3", "1.5", "NaN", "null", "true", "abc", "%00", "..", "sms", "default", "ñ", "😀", " ", "1;DROP TABLE x"};
    static final String[] QUERY_KEYS = {"limit", "offset", "cursor", "q", "tag", "status", "channel", "queue", "after",
            "before", "since", "page", "sort", "list", "from", "to", "dryRun", "token"};
    static final String[] HOSTILE = {"{\"name\":1e999999}", "{\"phone\":123456789012345678901234567890}", "{\"limit\":-0.0}",
            "{\"name\":\"\\u0000\"}", "{\"name\":\"\\ud800\"}", "\"just a string\"", "null", "[]", "{", "{}}",
            "{\"tags\":{\"a\":1}}", "{\"channels\":[\"sms\",\"pigeon\"]}", "{\"sendAt\":\"yesterday\"}",
            "Body=STOP&From=%2B13015550100&MessageSid=SM1", "first_name,phone\nAna,not-a-phone\n\"",
            "{\"audience\":{\"tags\":[null]}}", "{\"sms\":{\"body\":{\"en\":\"{{>x}}\"}}}"};
    static final String[] SCALARS = {"0", "-1", "1e308", "-1e309", "123456789012345678901234567890", "0.1", "true", "false",
            "null", "\"\"", "\"+13015550100\"", "\"a@example.org\"", "\"2030-01-01T00:00:00Z\"",
            "\"\\u0007\\u001b\"", "\"" + "x".repeat(5000) + "\""};

    static String id(Generated g) {
        return g.oneOf(
                () -> String.valueOf(g.longBetween(-5, 50)),
                () -> g.pick(IDS),
                () -> g.anyString(12));
    }

    static String query(Generated g) {
        List<String> pairs = g.list(0, 3, () -> g.pick(QUERY_KEYS) + "=" + URLEncoder.encode(
                g.oneOf(() -> id(g), () -> g.pick("-1", "100000000", "2024-13-45", "", "true")), StandardCharsets.UTF_8));
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    static byte[] body(Generated g) {
        return switch (g.intBetween(0, 9)) {
            // Bodies of the right shape with hostile values reach past validation into the services and the database.
            case 0, 1 -> nearlyValid(g).getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[0];
            case 3 -> g.bytes(200);
            case 4, 5, 6 -> jsonValue(g, 3).getBytes(StandardCharsets.UTF_8);
            case 7 -> {
                int d = g.intBetween(1, 3000);
                yield ("[".repeat(d) + "]".repeat(d)).getBytes(StandardCharsets.UTF_8);
            }
            case 8 -> {
                int d = g.intBetween(1, 3000);
                yield ("{\"a\":".repeat(d) + "1" + "}".repeat(d)).getBytes(StandardCharsets.UTF_8);
            }
            default -> g.pick(HOSTILE).getBytes(StandardCharsets.UTF_8);
        };
    }

    static String nearlyValid(Generated g) {
        String a = jsonValue(g, 1);
        String b = jsonValue(g, 1);
        String c = jsonValue(g, 1);
        return g.pick(
                "{\"firstName\":" + a + ",\"phone\":" + b + ",\"tags\":[" + c + "],\"smsOptIn\":true}",
                "{\"name\":" + a + ",\"channels\":[\"sms\"],\"audience\":{\"tags\":[" + b + "]},\"sms\":{\"body\":{\"en\":" + c + "}}}",
                "{\"name\":" + a + ",\"phone\":" + b + ",\"topic\":\"detention\",\"message\":" + c + "}",
                "{\"name\":" + a + ",\"role\":" + b + ",\"expiresAt\":" + c + "}",
                "{\"status\":" + a + ",\"queue\":" + b + ",\"note\":" + c + "}",
                "{\"body\":" + a + ",\"sendAt\":" + b + "}");
    }

    static String jsonValue(Generated g, int depth) {
        Supplier<String> scalar = () -> g.oneOf(() -> jsonString(g.anyString(20)), () -> g.pick(SCALARS));
        if (depth == 0) {
            return scalar.get();
        }
        return switch (g.intBetween(0, 3)) {
            case 0 -> scalar.get();
            case 1 -> "[" + String.join(",", g.list(0, 4, () -> jsonValue(g, depth - 1))) + "]";
            default -> "{" + String.join(",", g.list(0, 6, () -> "\"" + g.pick(FIELDS) + "\":" + jsonValue(g, depth - 1))) + "}";
        };
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
