package org.actionalerts.platform.errors;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whatever goes wrong, the answer is the contract's JSON error, never Jersey's or Jetty's default page. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorShapeTest {
    static final int JSON_LIMIT = 4096;
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP =
            TestApp.create(ConfigOverride.config("limits.jsonBodyBytes", String.valueOf(JSON_LIMIT)));
    static Api staff;

    @BeforeAll
    static void tokens() {
        staff = TestApp.api(APP).withNewToken("staff");
    }

    @Test
    void malformedJsonIs400() {
        JsonNode error = assertError(staff.post("/api/v1/supporters", "{\"phone\": \"301-555-0101\""), 400);
        assertThat(error.get("message").asText()).containsIgnoringCase("json");
        assertError(staff.post("/api/v1/supporters", "not json at all"), 400);
        assertError(staff.post("/api/v1/lists", "{\"name\":}"), 400);
    }

    @Test
    void malformedJsonIsNotEchoedBack() {
        Api.Reply reply = staff.post("/api/v1/supporters", "{\"phone\": \"+13015559999\", oops}");
        assertError(reply, 400);
        assertThat(reply.body()).doesNotContain("3015559999");
    }

    @Test
    void aMissingBodyIs400() {
        assertError(staff.send("/api/v1/supporters", "POST", "application/json", new byte[0]), 400);
    }

    @Test
    void aWrongContentTypeIs415() {
        assertError(staff.send("/api/v1/supporters", "POST", "text/plain", "phone=3015550101".getBytes(StandardCharsets.UTF_8)), 415);
        assertError(staff.send("/api/v1/supporters", "POST", "application/x-www-form-urlencoded",
                "phone=3015550101".getBytes(StandardCharsets.UTF_8)), 415);
        assertError(staff.send("/api/v1/supporters/import", "POST", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 415);
        assertError(staff.send("/api/v1/lists", "POST", "text/csv", "name\nx\n".getBytes(StandardCharsets.UTF_8)), 415);
    }

    @Test
    void anUnknownPathIs404WithOrWithoutAToken() {
        assertError(staff.get("/api/v1/nothing-here"), 404);
        assertError(staff.as(null).get("/api/v1/nothing-here"), 404);
        assertError(staff.get("/no/such/page.html"), 404);
        assertError(staff.get("/api/v1/supporters/not-a-number"), 404);
    }

    @Test
    void aWrongMethodIs405() {
        assertError(staff.send("/api/v1/lists", "PUT", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 405);
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheField() {
        JsonNode tags = assertError(staff.post("/api/v1/supporters", "{\"phone\":\"301-555-0102\",\"tags\":5}"), 422);
        assertThat(tags.get("errors").get(0).get("field").asText()).isEqualTo("tags");

        JsonNode optIn = assertError(staff.post("/api/v1/supporters", "{\"phone\":\"301-555-0102\",\"smsOptIn\":\"maybe\"}"), 422);
        assertThat(optIn.get("errors").get(0).get("field").asText()).isEqualTo("smsOptIn");

        JsonNode ids = assertError(staff.post("/api/v1/lists/1/members", "{\"supporterIds\":[\"abc\"]}"), 422);
        assertThat(ids.get("errors").get(0).get("field").asText()).startsWith("supporterIds");

        assertError(staff.post("/api/v1/supporters", "[1,2,3]"), 400);
        assertThat(staff.get("/api/v1/supporters?q=0102").json().get("items")).isEmpty();
    }

    @Test
    void aJsonBodyOverTheLimitIs413() {
        String big = "{\"phone\":\"301-555-0103\",\"firstName\":\"" + "a".repeat(JSON_LIMIT) + "\"}";
        assertError(staff.post("/api/v1/supporters", big), 413);
        assertThat(staff.get("/api/v1/supporters?q=0103").json().get("items")).isEmpty();
    }

    @Test
    void aChunkedJsonBodyOverTheLimitIs413() {
        String big = "{\"phone\":\"301-555-0104\",\"county\":\"" + " ".repeat(JSON_LIMIT) + "Howard County\"}";
        assertError(staff.sendChunked("/api/v1/supporters", "POST", "application/json", big.getBytes(StandardCharsets.UTF_8)), 413);
        assertThat(staff.get("/api/v1/supporters?q=0104").json().get("items")).isEmpty();
    }

    @Test
    void errorsAreJsonEvenForABrowserAskingForHtml() throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(staff.base() + "/api/v1/supporters/123456"))
                        .header("Accept", "text/html")
                        .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isIn(404, 406);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(reply.body()).doesNotContain("<html").contains("\"code\":" + reply.statusCode());
    }

    @Test
    void invalidFieldsAre422WithFieldErrors() {
        JsonNode error = assertError(staff.post("/api/v1/supporters", "{\"phone\":\"12\"}"), 422);
        assertThat(error.get("errors").get(0).get("field").asText()).isEqualTo("phone");
        assertThat(error.get("errors").get(0).get("message").asText()).isNotBlank();
    }

    /**
     * A request refused before its body is read, whose body arrives after the answer (clients write headers and
     * body separately): the client must either be able to use the connection again or be told to close it.
     */
    @ParameterizedTest
    @CsvSource({
            "/api/v1/supporters, text/plain, " + TestApp.ADMIN_TOKEN,
            "/api/v1/supporters, application/json, wrong-token",
            "/api/v1/nothing-here, application/json, " + TestApp.ADMIN_TOKEN})
    void aRefusedRequestNeverLeavesTheClientASilentlyClosedConnection(String path, String type, String token) throws Exception {
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            String body = "{\"phone\":\"3015550105\"}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // the body comes late: some refusals are answered before it arrives
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertThat(status).startsWith("HTTP/1.1 4");
            List<String> headers = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            if (headers.contains("connection: close")) {
                return; // the client was told
            }
            int length = headers.stream().filter(h -> h.startsWith("content-length:"))
                    .map(h -> Integer.parseInt(h.substring(15).trim())).findFirst().orElseThrow();
            in.skip(length);
            out.write(("GET /api/v1/lists/0 HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).as("the next request on a connection kept open is answered").startsWith("HTTP/1.1 ");
        }
    }

    @Test
    void authErrorsHaveTheSameShape() {
        assertError(staff.as(null).get("/api/v1/supporters"), 401);
        assertError(staff.as("wrong").get("/api/v1/supporters"), 401);
        assertError(staff.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"staff\"}"), 403);
    }
}
