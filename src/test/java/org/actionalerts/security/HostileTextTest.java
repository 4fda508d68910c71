package org.actionalerts.security;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.platform.Database;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * Text from outside is data: control characters are refused at the door naming the field, and a failure writes no
 * phone number, email address or message body anywhere — not in the answer, not in a log line or a stack trace.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileTextTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            "assistance.helpRequests.perClient", "1000", "dispatcher.enabled", "false");
    static final String PHONE = "+13015550777";
    static final String EMAIL = "secret.person@example.org";
    static final String WORDS = "my brother was detained at the county jail";
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    static Api admin;
    static String caseId;

    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        caseId = admin.post("/api/v1/cases", "{\"phone\":\"+13015550778\",\"message\":\"walk-in\"}").json().get("id").asText();
    }

    @AfterAll
    static void tearDown() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    }

    /** Each row: method, path, a JSON body with @ where the hostile value goes, the field the 422 must name. */
    @ParameterizedTest(name = "{0} {1} → 422 {3}")
    @CsvSource(delimiter = '|', value = {
            "POST|/api/v1/supporters|{\"phone\":\"+13015550701\",\"firstName\":\"@\"}|firstName",
            "POST|/api/v1/supporters|{\"phone\":\"+13015550702\",\"county\":\"@\"}|county",
            "POST|/api/v1/supporters|{\"phone\":\"+13015550703\",\"tags\":[\"ok\",\"@\"]}|tags[1]",
            "POST|/api/v1/lists|{\"name\":\"@\"}|name",
            "POST|/api/v1/campaigns|{\"name\":\"@\",\"channels\":[\"sms\"],\"sms\":{\"body\":{\"en\":\"hi\"}}}|name",
            "POST|/api/v1/campaigns|{\"name\":\"n\",\"channels\":[\"sms\"],\"sms\":{\"body\":{\"en\":\"@\"}}}|sms.body.en",
            "POST|/api/v1/help-requests|{\"phone\":\"" + "+13015550704\",\"message\":\"@\"}|message",
            "POST|/api/v1/help-requests|{\"phone\":\"+13015550705\",\"name\":\"@\",\"message\":\"help\"}|name",
            "POST|/api/v1/cases|{\"phone\":\"+13015550706\",\"message\":\"@\"}|message",
            "POST|/api/v1/cases/{case}/notes|{\"body\":\"@\"}|body",
            "POST|/api/v1/cases/{case}/replies|{\"channel\":\"sms\",\"body\":\"@\"}|body",
            "POST|/api/v1/users|{\"name\":\"@\",\"role\":\"attorney\"}|name",
            "POST|/api/v1/tokens|{\"name\":\"@\",\"role\":\"staff\"}|name"})
    void controlCharactersAreRefusedNamingTheField(String method, String path, String body, String field) {
        for (String hostile : List.of("a\\u0000b", "bell\\u0007", "esc\\u001b[31m", "del\\u007f")) {
            Api.Reply reply = admin.send(path.replace("{case}", caseId), method, "application/json",
                    body.replace("@", hostile).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode error = assertError(reply, 422);
            List<String> fields = new ArrayList<>();
            error.get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertThat(fields).as(path + " with " + hostile).containsExactly(field);
        }
    }

    /** The query string too: these were a 500 from the database, and a failed batch of other attorneys' claims. */
    @Test
    void controlCharactersInTheQueryStringAreRefusedNamingTheParameter() {
        JsonNode error = assertError(admin.get("/api/v1/supporters?q=a%00b"), 422);
        assertThat(error.get("errors").get(0).get("field").asText()).isEqualTo("q");
        assertError(admin.withNewToken("attorney").post("/api/v1/cases/claim?queue=%00", ""), 422);
        assertThat(admin.get("/api/v1/supporters?q=%C3%A9").status()).as("other escapes are fine").isEqualTo(200);
    }

    /** A template's language is a map key, read apart from every other string. */
    @Test
    void aControlCharacterInATemplatesLanguageIsRefused() {
        assertError(admin.post("/api/v1/campaigns",
                "{\"name\":\"n\",\"channels\":[\"sms\"],\"sms\":{\"body\":{\"en\":\"hi\",\"e\\u0000s\":\"hola\"}}}"), 422);
    }

    @Test
    void tabsAndLineBreaksStay() {
        Api.Reply reply = admin.post("/api/v1/cases/" + caseId + "/notes", "{\"body\":\"line one\\r\\nline two\\tend\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    @Test
    void aCsvRowWithAControlCharacterIsRejectedByLineAndTheOthersAreKept() {
        Api.Reply reply = admin.postCsv("/api/v1/supporters/import",
                "first_name,phone\nGood,+13015550711\nBad\u0000Name,+13015550712\nAlso good,+13015550713\n");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("created").asInt()).isEqualTo(2);
        assertThat(reply.json().get("rejected").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(reply.json().get("rejected").get(0).get("reason").asText()).contains("control character");
    }

    @Test
    void failuresWriteNoPersonalDataToTheLogs() {
        LOGS.list.clear();
        // The NUL in the form's message was a 500 whose log line held the statement's values.
        assertError(admin.as(null).post("/api/v1/help-requests",
                "{\"phone\":\"" + PHONE + "\",\"email\":\"" + EMAIL + "\",\"message\":\"" + WORDS + "\\u0000\"}"), 422);
        assertError(admin.post("/api/v1/supporters", "{\"phone\":\"" + PHONE + "\",\"email\":\"" + EMAIL + "\",\"firstName\":"), 400);
        assertError(admin.post("/api/v1/supporters", "{\"phone\":\"" + PHONE + "\",\"email\":\"" + EMAIL + "\",\"tags\":7}"), 422);
        admin.post("/api/v1/supporters", "{\"phone\":\"" + PHONE + "\",\"email\":\"" + EMAIL + "\"}");
        assertError(admin.post("/api/v1/supporters", "{\"phone\":\"" + PHONE + "\",\"email\":\"" + EMAIL + "\"}"), 409);
        admin.postCsv("/api/v1/supporters/import", "phone,email,first_name\n" + PHONE + "," + EMAIL + ",\"" + WORDS + "\u0000\"\n");
        // A library's exception that quotes a number: its stack trace is masked like a message.
        LoggerFactory.getLogger(HostileTextTest.class).warn("A failure", new IllegalStateException("no route to " + PHONE,
                new RuntimeException("bounced: " + EMAIL)));

        PatternLayout layout = new PatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern("%m%n%maskedEx"); // the message and stack trace parts of config.yml's log format
        layout.start();
        StringBuilder written = new StringBuilder();
        LOGS.list.forEach(e -> written.append(layout.doLayout(e)));
        assertThat(written.toString()).contains("no route to +1******0777").contains("bounced: s***@example.org")
                .doesNotContain(PHONE).doesNotContain("3015550777").doesNotContain(EMAIL)
                .doesNotContain(WORDS);
    }

    /** What a failed statement says about itself, with the service's database settings and Jdbi configuration. */
    @Test
    void aFailedStatementsExceptionCarriesNoBoundValue() {
        var db = APP.getConfiguration().database();
        Properties properties = new Properties();
        properties.putAll(db.getProperties());
        properties.put("user", db.getUser());
        properties.put("password", db.getPassword());
        Jdbi jdbi = Database.withoutValuesInErrors(Jdbi.create(db.getUrl(), properties));
        String trace = jdbi.withHandle(h -> {
            h.execute("CREATE TEMPORARY TABLE people (phone TEXT UNIQUE, words TEXT CHECK (length(words) < 10))");
            try {
                h.createUpdate("INSERT INTO people VALUES (:phone, :words)").bind("phone", PHONE).bind("words", WORDS).execute();
                throw new AssertionError("the insert should have failed its check");
            } catch (RuntimeException e) {
                StringWriter out = new StringWriter();
                e.printStackTrace(new PrintWriter(out));
                return out.toString();
            }
        });
        assertThat(trace).contains("people").doesNotContain(PHONE).doesNotContain(WORDS);
    }
}
