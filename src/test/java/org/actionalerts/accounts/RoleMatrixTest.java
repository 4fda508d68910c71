package org.actionalerts.accounts;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation in {@code /openapi.json} against every role: no credentials, staff, attorney and admin. The table
 * below is the documented answer for each; an operation the service describes but the table does not know fails
 * {@link #everyDescribedOperationIsInTheMatrix}, so a new endpoint cannot slip in without its roles being decided.
 * Each call gets fresh fixtures made by the admin, so a success means "allowed and done" and 401/403 means
 * "refused before anything happened".
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RoleMatrixTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(org.actionalerts.ActionAlertsApplication.class,
            "assistance.helpRequests.perClient", "1000");
    static final AtomicInteger PHONES = new AtomicInteger(2000);
    static Api admin;
    static Map<String, Api> callers;

    /** Who may call an operation; a role outside it gets 403, no credentials 401 (unless PUBLIC). */
    enum Access {
        PUBLIC(Set.of("none", "staff", "attorney", "admin")),
        STAFF(Set.of("staff", "admin")),
        ATTORNEY(Set.of("attorney", "admin")),
        STAFF_OR_ATTORNEY(Set.of("staff", "attorney", "admin")),
        ADMIN(Set.of("admin")),
        /** Only a signed-in session: every bearer token (none of the matrix's belongs to a user) gets 401. */
        SESSION_ONLY(Set.of()),
        /** Only a person (a session, or a token that belongs to a user): the matrix's tokens get 403, none 401. */
        PERSON_ONLY(Set.of());

        final Set<String> roles;

        Access(Set<String> roles) {
            this.roles = roles;
        }
    }

    record Call(String method, String path, String contentType, String body) {}

    record Operation(Access access, Set<Integer> success, Supplier<Call> call) {}

    static final Map<String, Operation> MATRIX = new LinkedHashMap<>();

    static void op(String key, Access access, Set<Integer> success, Supplier<Call> call) {
        MATRIX.put(key, new Operation(access, success, call));
    }

    static {
        op("POST /api/v1/tokens", Access.ADMIN, Set.of(201), () -> json("POST", "/api/v1/tokens", "{\"name\":\"m\",\"role\":\"staff\"}"));
        op("GET /api/v1/tokens", Access.ADMIN, Set.of(200), () -> call("GET", "/api/v1/tokens"));
        op("DELETE /api/v1/tokens/{id}", Access.ADMIN, Set.of(204), () -> call("DELETE", "/api/v1/tokens/" + newToken()));
        op("POST /api/v1/users", Access.ADMIN, Set.of(201), () -> json("POST", "/api/v1/users", userJson()));
        op("GET /api/v1/users", Access.ADMIN, Set.of(200), () -> call("GET", "/api/v1/users"));
        op("GET /api/v1/users/{id}", Access.ADMIN, Set.of(200), () -> call("GET", "/api/v1/users/" + newUser()));
        op("PATCH /api/v1/users/{id}", Access.ADMIN, Set.of(200),
                () -> json("PATCH", "/api/v1/users/" + newUser(), "{\"onCall\":false}"));
        op("POST /api/v1/users/me/password", Access.PERSON_ONLY, Set.of(204),
                () -> json("POST", "/api/v1/users/me/password", "{\"current\":\"correct horse battery\",\"new\":\"another long passphrase\"}"));
        op("POST /api/v1/session", Access.PUBLIC, Set.of(200),
                () -> json("POST", "/api/v1/session", "{\"email\":\"" + newUserWithPassword() + "\",\"password\":\"correct horse battery\"}"));
        op("GET /api/v1/users/attorneys", Access.ATTORNEY, Set.of(200), () -> call("GET", "/api/v1/users/attorneys"));
        op("GET /api/v1/session", Access.SESSION_ONLY, Set.of(200), () -> call("GET", "/api/v1/session"));
        op("DELETE /api/v1/session", Access.PUBLIC, Set.of(204), () -> call("DELETE", "/api/v1/session"));
        op("GET /api/v1/audit", Access.ADMIN, Set.of(200), () -> call("GET", "/api/v1/audit?caseId=" + newCase()));

        op("POST /api/v1/supporters", Access.STAFF, Set.of(201), () -> json("POST", "/api/v1/supporters", phoneJson()));
        op("GET /api/v1/supporters", Access.STAFF, Set.of(200), () -> call("GET", "/api/v1/supporters"));
        op("GET /api/v1/supporters/{id}", Access.STAFF, Set.of(200), () -> call("GET", "/api/v1/supporters/" + newSupporter()));
        op("PATCH /api/v1/supporters/{id}", Access.STAFF, Set.of(200),
                () -> json("PATCH", "/api/v1/supporters/" + newSupporter(), "{\"firstName\":\"Changed\"}"));
        op("DELETE /api/v1/supporters/{id}", Access.STAFF, Set.of(204), () -> call("DELETE", "/api/v1/supporters/" + newSupporter()));
        op("GET /api/v1/supporters/{id}/consent", Access.STAFF, Set.of(200),
                () -> call("GET", "/api/v1/supporters/" + newSupporter() + "/consent"));
        op("GET /api/v1/supporters/{id}/messages", Access.STAFF, Set.of(200),
                () -> call("GET", "/api/v1/supporters/" + newSupporter() + "/messages"));
        op("POST /api/v1/supporters/import", Access.STAFF, Set.of(200),
                () -> new Call("POST", "/api/v1/supporters/import", "text/csv", "phone\n" + nextPhone() + "\n"));
        op("POST /api/v1/lists", Access.STAFF, Set.of(201), () -> json("POST", "/api/v1/lists", "{\"name\":\"m\"}"));
        op("GET /api/v1/lists/{id}", Access.STAFF, Set.of(200), () -> call("GET", "/api/v1/lists/" + newList()));
        op("POST /api/v1/lists/{id}/members", Access.STAFF, Set.of(200),
                () -> json("POST", "/api/v1/lists/" + newList() + "/members", "{\"supporterIds\":[" + newSupporter() + "]}"));

        op("POST /api/v1/campaigns", Access.STAFF, Set.of(201), () -> json("POST", "/api/v1/campaigns", campaignJson()));
        op("GET /api/v1/campaigns", Access.STAFF, Set.of(200), () -> call("GET", "/api/v1/campaigns"));
        op("GET /api/v1/campaigns/{id}", Access.STAFF, Set.of(200), () -> call("GET", "/api/v1/campaigns/" + newCampaign()));
        op("POST /api/v1/campaigns/{id}/preview", Access.STAFF, Set.of(200),
                () -> json("POST", "/api/v1/campaigns/" + newCampaign() + "/preview", "{\"supporterId\":" + newSupporter() + "}"));
        op("POST /api/v1/campaigns/{id}/launch", Access.STAFF, Set.of(202),
                () -> call("POST", "/api/v1/campaigns/" + newCampaign() + "/launch"));
        op("POST /api/v1/campaigns/{id}/test", Access.STAFF, Set.of(202),
                () -> json("POST", "/api/v1/campaigns/" + newCampaign() + "/test", "{\"phone\":\"" + nextPhone() + "\"}"));
        op("POST /api/v1/campaigns/{id}/pause", Access.STAFF, Set.of(200),
                () -> call("POST", "/api/v1/campaigns/" + newScheduledCampaign() + "/pause"));
        op("POST /api/v1/campaigns/{id}/resume", Access.STAFF, Set.of(200),
                () -> call("POST", "/api/v1/campaigns/" + newPausedCampaign() + "/resume"));
        op("POST /api/v1/campaigns/{id}/cancel", Access.STAFF, Set.of(200),
                () -> call("POST", "/api/v1/campaigns/" + newCampaign() + "/cancel"));
        op("GET /api/v1/campaigns/{id}/messages", Access.STAFF, Set.of(200),
                () -> call("GET", "/api/v1/campaigns/" + newCampaign() + "/messages"));
        op("GET /api/v1/campaigns/{id}/replies", Access.STAFF, Set.of(200),
                () -> call("GET", "/api/v1/campaigns/" + newCampaign() + "/replies"));

        op("POST /api/v1/campaigns/{id}/actions", Access.STAFF, Set.of(201),
                () -> json("POST", "/api/v1/campaigns/" + newCampaign() + "/actions",
                        "{\"supporterId\":" + newSupporter() + ",\"type\":\"call\"}"));
        op("POST /api/v1/campaigns/{id}/actions/import", Access.STAFF, Set.of(200),
                () -> new Call("POST", "/api/v1/campaigns/" + newCampaign() + "/actions/import", "text/csv",
                        "phone,type\n" + nextPhone() + ",call\n"));
        op("GET /api/v1/campaigns/{id}/report", Access.STAFF, Set.of(200),
                () -> call("GET", "/api/v1/campaigns/" + newCampaign() + "/report"));
        op("GET /api/v1/campaigns/{id}/report.csv", Access.STAFF, Set.of(200),
                () -> call("GET", "/api/v1/campaigns/" + newCampaign() + "/report.csv"));

        op("POST /api/v1/help-requests", Access.PUBLIC, Set.of(201), () -> json("POST", "/api/v1/help-requests",
                "{\"phone\":\"" + nextPhone() + "\",\"message\":\"I need advice about a detainer\"}"));
        op("POST /api/v1/cases", Access.STAFF_OR_ATTORNEY, Set.of(201), () -> json("POST", "/api/v1/cases", openCaseJson()));
        op("GET /api/v1/cases", Access.ATTORNEY, Set.of(200), () -> call("GET", "/api/v1/cases"));
        op("POST /api/v1/cases/claim", Access.ATTORNEY, Set.of(200, 204), () -> call("POST", "/api/v1/cases/claim"));
        op("GET /api/v1/cases/{id}", Access.ATTORNEY, Set.of(200), () -> call("GET", "/api/v1/cases/" + newCase()));
        op("PATCH /api/v1/cases/{id}", Access.ATTORNEY, Set.of(200),
                () -> json("PATCH", "/api/v1/cases/" + newCase(), "{\"priority\":\"urgent\"}"));
        op("POST /api/v1/cases/{id}/replies", Access.ATTORNEY, Set.of(202),
                () -> json("POST", "/api/v1/cases/" + newCase() + "/replies", "{\"body\":\"We can help\",\"channel\":\"sms\"}"));
        op("POST /api/v1/cases/{id}/notes", Access.ATTORNEY, Set.of(201),
                () -> json("POST", "/api/v1/cases/" + newCase() + "/notes", "{\"body\":\"Called back\"}"));
        op("GET /api/v1/cases/{id}/requester", Access.ATTORNEY, Set.of(200),
                () -> call("GET", "/api/v1/cases/" + newCase() + "/requester"));
        op("GET /api/v1/saved-replies", Access.ATTORNEY, Set.of(200), () -> call("GET", "/api/v1/saved-replies"));
        op("POST /api/v1/saved-replies", Access.ADMIN, Set.of(201),
                () -> json("POST", "/api/v1/saved-replies", "{\"language\":\"es\",\"title\":\"Gracias\",\"body\":\"Gracias por escribir\"}"));
        op("DELETE /api/v1/saved-replies/{id}", Access.ADMIN, Set.of(204),
                () -> call("DELETE", "/api/v1/saved-replies/" + created("/api/v1/saved-replies",
                        "{\"language\":\"en\",\"title\":\"Thanks\",\"body\":\"Thanks for writing\"}")));
        op("GET /api/v1/queues/{queue}/stats", Access.ATTORNEY, Set.of(200),
                () -> call("GET", "/api/v1/queues/state-local-advocacy/stats"));
    }

    @BeforeAll
    static void callers() {
        admin = TestApp.api(APP);
        callers = Map.of(
                "none", admin.as(null),
                "staff", admin.withNewToken("staff"),
                "attorney", admin.withNewToken("attorney"),
                "admin", admin.withNewToken("admin"));
    }

    static Set<String> describedOperations() {
        JsonNode paths = admin.as(null).get("/openapi.json").json().get("paths");
        Set<String> ops = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                ops.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return ops;
    }

    @Test
    void everyDescribedOperationIsInTheMatrix() {
        Set<String> described = describedOperations();
        assertThat(MATRIX.keySet()).as("operations in /openapi.json").containsExactlyInAnyOrderElementsOf(described);
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        MATRIX.forEach((key, op) -> {
            for (String role : List.of("none", "staff", "attorney", "admin")) {
                cases.add(Arguments.of(key, role));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void eachRoleGetsTheDocumentedAnswer(String key, String role) {
        Operation op = MATRIX.get(key);
        Call call = op.call().get();
        Api api = callers.get(role);
        Api.Reply reply = call.body() == null
                ? api.send(call.path(), call.method(), null, new byte[0])
                : api.send(call.path(), call.method(), call.contentType(), call.body().getBytes(StandardCharsets.UTF_8));
        if (op.access().roles.contains(role)) {
            assertThat(op.success()).as(key + " as " + role + ": " + reply.body()).contains(reply.status());
        } else if ("none".equals(role) || op.access() == Access.SESSION_ONLY) {
            assertError(reply, 401);
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        } else {
            assertError(reply, 403);
        }
    }

    private static Call call(String method, String path) {
        return new Call(method, path, null, null);
    }

    private static Call json(String method, String path, String body) {
        return new Call(method, path, "application/json", body);
    }

    private static String nextPhone() {
        return "301-555-" + PHONES.incrementAndGet();
    }

    private static String phoneJson() {
        return "{\"phone\":\"" + nextPhone() + "\"}";
    }

    private static String userJson() {
        return "{\"name\":\"Attorney " + PHONES.incrementAndGet() + "\",\"email\":\"attorney" + PHONES.incrementAndGet()
                + "@example.org\",\"role\":\"attorney\",\"queues\":[\"state-local-advocacy\"]}";
    }

    private static String campaignJson() {
        return "{\"name\":\"m\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"nobody\"]},\"sms\":{\"body\":{\"en\":\"Call the sheriff\"}}}";
    }

    private static String openCaseJson() {
        return "{\"phone\":\"" + nextPhone() + "\",\"message\":\"Called the office about a detainer\"}";
    }

    private static String created(String path, String body) {
        Api.Reply reply = admin.post(path, body);
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private static String newSupporter() {
        return created("/api/v1/supporters", phoneJson());
    }

    private static String newList() {
        return created("/api/v1/lists", "{\"name\":\"fixture\"}");
    }

    private static String newToken() {
        return created("/api/v1/tokens", "{\"name\":\"fixture\",\"role\":\"staff\"}");
    }

    /** An attorney who may sign in; returns the email. */
    private static String newUserWithPassword() {
        String email = "signin" + PHONES.incrementAndGet() + "@example.org";
        created("/api/v1/users", "{\"name\":\"Signs In\",\"email\":\"" + email
                + "\",\"role\":\"attorney\",\"password\":\"correct horse battery\"}");
        return email;
    }

    private static String newUser() {
        return created("/api/v1/users", userJson());
    }

    private static String newCampaign() {
        return created("/api/v1/campaigns", campaignJson());
    }

    /** Launched with a sendAt tomorrow: waiting, so it can be paused. */
    private static String newScheduledCampaign() {
        String id = created("/api/v1/campaigns", campaignJson().replace("\"name\":\"m\"",
                "\"name\":\"m\",\"sendAt\":\"" + java.time.Instant.now().plus(java.time.Duration.ofDays(1)) + "\""));
        assertThat(admin.post("/api/v1/campaigns/" + id + "/launch", "").status()).isEqualTo(202);
        return id;
    }

    private static String newPausedCampaign() {
        String id = newScheduledCampaign();
        assertThat(admin.post("/api/v1/campaigns/" + id + "/pause", "").status()).isEqualTo(200);
        return id;
    }

    private static String newCase() {
        return created("/api/v1/cases", openCaseJson());
    }
}
