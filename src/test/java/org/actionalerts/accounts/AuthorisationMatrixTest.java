package org.actionalerts.accounts;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of tokens, supporters and lists against every kind of caller. Each call gets fresh fixtures
 * (made by the admin), so a 2xx really means "allowed and done" and a 401/403 means "refused before anything".
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthorisationMatrixTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static final AtomicInteger PHONES = new AtomicInteger(1000);
    static Api admin;
    static Map<String, Api> callers;

    enum Area { TOKENS, SUPPORTERS, LISTS }

    /** One request: what to send, made afresh for each call. */
    record Call(String method, String path, String contentType, String body) {}

    record Endpoint(String name, Area area, int success, Supplier<Call> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void callers() {
        admin = TestApp.api(APP);
        callers = Map.of(
                "no token", admin.as(null),
                "bogus token", admin.as("aa_not-a-real-token"),
                "staff", admin.withNewToken("staff"),
                "attorney", admin.withNewToken("attorney"),
                "admin (ADMIN_TOKEN)", admin,
                "admin (issued token)", admin.withNewToken("admin"));
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST /tokens", Area.TOKENS, 201,
                        () -> json("POST", "/api/v1/tokens", "{\"name\":\"matrix\",\"role\":\"staff\"}")),
                new Endpoint("DELETE /tokens/{id}", Area.TOKENS, 204,
                        () -> new Call("DELETE", "/api/v1/tokens/" + newTokenId(), null, null)),
                new Endpoint("POST /supporters", Area.SUPPORTERS, 201,
                        () -> json("POST", "/api/v1/supporters", "{\"phone\":\"" + nextPhone() + "\"}")),
                new Endpoint("GET /supporters", Area.SUPPORTERS, 200,
                        () -> new Call("GET", "/api/v1/supporters", null, null)),
                new Endpoint("GET /supporters/{id}", Area.SUPPORTERS, 200,
                        () -> new Call("GET", "/api/v1/supporters/" + newSupporter(), null, null)),
                new Endpoint("PATCH /supporters/{id}", Area.SUPPORTERS, 200,
                        () -> json("PATCH", "/api/v1/supporters/" + newSupporter(), "{\"firstName\":\"Changed\"}")),
                new Endpoint("DELETE /supporters/{id}", Area.SUPPORTERS, 204,
                        () -> new Call("DELETE", "/api/v1/supporters/" + newSupporter(), null, null)),
                new Endpoint("GET /supporters/{id}/consent", Area.SUPPORTERS, 200,
                        () -> new Call("GET", "/api/v1/supporters/" + newSupporter() + "/consent", null, null)),
                new Endpoint("POST /supporters/import", Area.SUPPORTERS, 200,
                        () -> new Call("POST", "/api/v1/supporters/import", "text/csv", "phone\n" + nextPhone() + "\n")),
                new Endpoint("POST /lists", Area.LISTS, 201,
                        () -> json("POST", "/api/v1/lists", "{\"name\":\"matrix\"}")),
                new Endpoint("GET /lists/{id}", Area.LISTS, 200,
                        () -> new Call("GET", "/api/v1/lists/" + newList(), null, null)),
                new Endpoint("POST /lists/{id}/members", Area.LISTS, 200,
                        () -> json("POST", "/api/v1/lists/" + newList() + "/members", "{\"supporterIds\":[" + newSupporter() + "]}")));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String caller : List.of("no token", "bogus token", "staff", "attorney", "admin (ADMIN_TOKEN)", "admin (issued token)")) {
                cases.add(Arguments.of(endpoint, caller, expected(endpoint, caller)));
            }
        }
        return cases.stream();
    }

    static int expected(Endpoint endpoint, String caller) {
        return switch (caller) {
            case "no token", "bogus token" -> 401;
            case "attorney" -> 403;
            case "staff" -> endpoint.area() == Area.TOKENS ? 403 : endpoint.success();
            default -> endpoint.success();
        };
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void eachRoleGetsExactlyWhatItMay(Endpoint endpoint, String caller, int expected) {
        Call call = endpoint.call().get();
        Api api = callers.get(caller);
        Api.Reply reply = call.body() == null
                ? api.send(call.path(), call.method(), null, new byte[0])
                : api.send(call.path(), call.method(), call.contentType(), call.body().getBytes(StandardCharsets.UTF_8));
        if (expected >= 400) {
            assertError(reply, expected);
            if (expected == 401) {
                assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
            }
        } else {
            assertThat(reply.status()).as(reply.body()).isEqualTo(expected);
        }
    }

    private static Call json(String method, String path, String body) {
        return new Call(method, path, "application/json", body);
    }

    private static String nextPhone() {
        return "301-555-" + PHONES.incrementAndGet();
    }

    private static String newSupporter() {
        Api.Reply reply = admin.post("/api/v1/supporters", "{\"phone\":\"" + nextPhone() + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private static String newList() {
        Api.Reply reply = admin.post("/api/v1/lists", "{\"name\":\"fixture\"}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private static String newTokenId() {
        Api.Reply reply = admin.post("/api/v1/tokens", "{\"name\":\"fixture\",\"role\":\"staff\"}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().get("id").asText();
    }
}
