package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body over its limit is answered with the API's JSON 413 whatever kind of client sends it: one that writes the
 * whole body before reading (HttpURLConnection in streaming mode, Python's urllib), one that asks first with
 * {@code Expect: 100-continue}, and one far beyond the drain bound, which is refused without being read whole.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RefusedBodyAnswerTest {
    static final int JSON_LIMIT = 65_536;
    static final int CSV_LIMIT = 131_072;
    static final int WEBHOOK_LIMIT = 65_536; // config.yml's
    static final int HELP_FORM_LIMIT = 16_384; // config.yml's
    static final int DRAIN_FACTOR = 4; // config.yml's default
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            "limits.jsonBodyBytes", String.valueOf(JSON_LIMIT),
            "limits.csvImportBytes", String.valueOf(CSV_LIMIT),
            "dispatcher.enabled", "false");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON_START = "{\"firstName\": \"";

    /** Every endpoint with a body limit: path, content type, limit. */
    static Stream<Arguments> limitedEndpoints() {
        return Stream.of(
                Arguments.of("/api/v1/supporters", "application/json", JSON_LIMIT),
                Arguments.of("/api/v1/supporters/import", "text/csv", CSV_LIMIT),
                Arguments.of("/webhooks/twilio/sms", FORM, WEBHOOK_LIMIT),
                Arguments.of("/webhooks/twilio/status", FORM, WEBHOOK_LIMIT),
                Arguments.of("/api/v1/help-requests", "application/json", HELP_FORM_LIMIT),
                Arguments.of("/api/v1/cases/claim", "application/json", JSON_LIMIT));
    }

    static Stream<Arguments> endpointsAndSizes() {
        return limitedEndpoints().flatMap(e -> Stream.of(1.5, 3.0).map(times ->
                Arguments.of(e.get()[0], e.get()[1], e.get()[2], times)));
    }

    /** The claim servlet never reads a body, so one of unknown length is not refused there. */
    static Stream<Arguments> endpointsReadingTheirBody() {
        return limitedEndpoints().filter(e -> !e.get()[0].equals("/api/v1/cases/claim"));
    }

    @ParameterizedTest(name = "{0} with {3}x its limit")
    @MethodSource("endpointsAndSizes")
    void aClientThatWritesTheWholeBodyBeforeReadingGetsTheJson413(String path, String type, int limit, double times)
            throws IOException {
        HttpURLConnection http = post(path, type);
        byte[] body = new byte[(int) (limit * times)];
        http.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = http.getOutputStream()) {
            out.write(body);
        }
        assertJson413(http, limit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsReadingTheirBody")
    void soDoesOneWritingABodyOfUnknownLength(String path, String type, int limit) throws IOException {
        HttpURLConnection http = post(path, type);
        http.setChunkedStreamingMode(8192);
        try (OutputStream out = http.getOutputStream()) {
            out.write(body(type, limit * 3 / 2)); // read as it comes: it must look right as far as it goes
        }
        assertJson413(http, limit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limitedEndpoints")
    void aClientThatAsksFirstIsAnswered413BeforeSendingTheBody(String path, String type, int limit) throws IOException {
        try (Socket socket = socket()) {
            socket.getOutputStream().write(head(path, type, "Content-Length: " + limit * 3L, "Expect: 100-continue"));
            // Nothing of the body is sent: the answer comes anyway, and it is not "100 Continue".
            Answer answer = Answer.read(socket.getInputStream());
            assertJson413(answer, limit);
            assertThat(socket.getInputStream().read()).as("the connection ends after the answer").isEqualTo(-1);
        }
    }

    @Test
    void aBodyFarBeyondTheBoundIsRefusedWithoutBeingReadWhole() throws Exception {
        long bound = (long) JSON_LIMIT * DRAIN_FACTOR;
        long declared = 1024L * JSON_LIMIT; // 64 MiB: more than the socket buffers of both ends hold
        long discardedBefore = discardedBytes();
        try (Socket socket = socket()) {
            socket.getOutputStream().write(head("/api/v1/supporters", "application/json", "Content-Length: " + declared));
            Writer writer = Writer.start(socket, declared, false);
            Answer answer = Answer.read(socket.getInputStream());
            assertJson413(answer, JSON_LIMIT);
            assertThat(answer.header("connection")).isEqualTo("close");
            writer.join();
            assertThat(writer.written()).as("bytes the client could write before the service closed").isLessThan(declared);
        }
        assertThat(discardedBytes() - discardedBefore).as("bytes the service read and discarded").isLessThanOrEqualTo(bound);
        assertThat(TestApp.api(APP).get("/api/v1/supporters?limit=1").status()).isEqualTo(200); // still answering
    }

    @Test
    void oneThatWritesItAllBeforeReadingSeesItsWriteFailThenFindsThe413AndACleanEnd() throws Exception {
        long declared = 1024L * JSON_LIMIT;
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("/api/v1/supporters", "application/json", "Content-Length: " + declared));
            byte[] letters = new byte[65_536];
            long written = 0;
            IOException writeFailure = null;
            try {
                while (written < declared) {
                    out.write(letters);
                    written += letters.length;
                }
            } catch (IOException e) {
                writeFailure = e;
            }
            assertThat(writeFailure).as("the service closed before the body was all sent").isNotNull();
            // The answer and the end of the stream arrived before the close, and wait in the client's socket.
            assertJson413(Answer.read(socket.getInputStream(), "close"), JSON_LIMIT);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void soIsOneOfUnknownLength() throws Exception {
        long bound = (long) JSON_LIMIT * DRAIN_FACTOR;
        long sending = 1024L * JSON_LIMIT;
        long discardedBefore = discardedBytes();
        try (Socket socket = socket()) {
            socket.getOutputStream().write(head("/api/v1/supporters", "application/json", "Transfer-Encoding: chunked"));
            Writer writer = Writer.start(socket, sending, true);
            Answer answer = Answer.read(socket.getInputStream());
            assertJson413(answer, JSON_LIMIT);
            writer.join();
            assertThat(writer.written()).isLessThan(sending);
        }
        // Up to the bound before answering (the body might have ended there), up to the bound after.
        assertThat(discardedBytes() - discardedBefore).isLessThanOrEqualTo(2 * bound);
    }

    @Test
    void aBodyWithinTheBoundLeavesTheConnectionCleanForTheNextRequest() throws IOException {
        try (Socket socket = socket()) {
            socket.getOutputStream().write(head("/api/v1/supporters", "application/json", "Content-Length: " + 2L * JSON_LIMIT));
            socket.getOutputStream().write(new byte[2 * JSON_LIMIT]);
            assertJson413(Answer.read(socket.getInputStream(), "close"), JSON_LIMIT);
            // The whole body was read: the service ends the connection with an end-of-stream, not a reset.
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    /** {@code size} bytes that the endpoint's reader takes for the start of a good body (one long value). */
    private static byte[] body(String type, int size) {
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        byte[] start = (type.equals("application/json") ? JSON_START : "phone,first_name\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, body, 0, start.length);
        return body;
    }

    private static HttpURLConnection post(String path, String type) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://localhost:" + APP.getLocalPort() + path).toURL().openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Content-Type", type);
        http.setRequestProperty("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);
        return http;
    }

    private static void assertJson413(HttpURLConnection http, int limit) throws IOException {
        assertThat(http.getResponseCode()).isEqualTo(413);
        assertThat(http.getContentType()).startsWith("application/json");
        try (InputStream error = http.getErrorStream()) {
            assertJsonBody(new String(error.readAllBytes(), StandardCharsets.UTF_8), limit);
        }
    }

    private static void assertJson413(Answer answer, int limit) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.header("content-type")).startsWith("application/json");
        assertJsonBody(answer.body(), limit);
    }

    private static void assertJsonBody(String body, int limit) throws IOException {
        JsonNode json = JSON.readTree(body);
        assertThat(json.get("code").asInt()).as(body).isEqualTo(413);
        assertThat(json.get("message").asText()).contains(String.valueOf(limit));
    }

    private static Socket socket() throws IOException {
        Socket socket = new Socket("localhost", APP.getLocalPort());
        socket.setSoTimeout(30_000); // a safety net against a hang, not a measurement
        return socket;
    }

    private static byte[] head(String path, String type, String... headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\n"
                + "Authorization: Bearer " + TestApp.ADMIN_TOKEN + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The service's count of refused-body bytes it read and threw away, from its admin metrics. */
    private static long discardedBytes() throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://localhost:" + APP.getAdminPort() + "/metrics")
                .toURL().openConnection();
        try (InputStream in = http.getInputStream()) {
            return JSON.readTree(in).get("counters").get(BodySizeLimitFilter.class.getName() + ".discardedBytes").get("count").asLong();
        }
    }

    /** Writes the start of a JSON body with one long string (as chunks or not) until {@code total} bytes are sent or the service closes the connection. */
    private static final class Writer extends Thread {
        private final OutputStream out;
        private final long total;
        private final boolean chunked;
        private final AtomicLong written = new AtomicLong();

        private Writer(OutputStream out, long total, boolean chunked) {
            this.out = out;
            this.total = total;
            this.chunked = chunked;
        }

        static Writer start(Socket socket, long total, boolean chunked) throws IOException {
            Writer writer = new Writer(socket.getOutputStream(), total, chunked);
            writer.setDaemon(true);
            writer.start();
            return writer;
        }

        long written() {
            return written.get();
        }

        @Override
        public void run() {
            byte[] letters = new byte[65_536];
            java.util.Arrays.fill(letters, (byte) 'a'); // inside the JSON string started below
            byte[] chunkHead = (Integer.toHexString(letters.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] start = JSON_START.getBytes(StandardCharsets.US_ASCII);
            try {
                out.write(chunked ? (Integer.toHexString(start.length) + "\r\n" + JSON_START + "\r\n").getBytes(StandardCharsets.US_ASCII) : start);
                written.addAndGet(start.length);
                while (written.get() < total) {
                    if (chunked) {
                        out.write(chunkHead);
                    }
                    out.write(letters);
                    if (chunked) {
                        out.write(new byte[] {'\r', '\n'});
                    }
                    written.addAndGet(letters.length);
                }
            } catch (IOException closedByTheService) {
                // expected: the service stops reading and closes
            }
        }
    }

    /** An HTTP/1.1 answer read off a socket: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }

        static Answer read(InputStream in, String expectedConnection) throws IOException {
            Answer answer = read(in);
            assertThat(answer.header("connection")).isEqualTo(expectedConnection);
            return answer;
        }

        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
            }
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection ended in the middle of the answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
