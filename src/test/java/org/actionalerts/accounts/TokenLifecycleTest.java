package org.actionalerts.accounts;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tokens in the header only, with an optional expiry, listed for admins without secrets, acting as their user. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TokenLifecycleTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class, new String[0]);
    static Api admin;

    @BeforeAll
    static void clients() {
        admin = TestApp.api(APP);
    }

    static JsonNode issue(String json) {
        Api.Reply reply = admin.post("/api/v1/tokens", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    @Test
    void aTokenInTheUrlIsRefusedEvenAlongsideAGoodHeader() {
        String secret = issue("{\"name\":\"url\",\"role\":\"staff\"}").get("token").asText();
        JsonNode refused = assertError(admin.as(null).get("/api/v1/supporters?access_token=" + secret), 401);
        assertThat(refused.get("message").asText()).contains("Authorization header");
        assertError(admin.as(secret).get("/api/v1/supporters?limit=5&access_token=" + secret), 401);
        assertError(admin.as(null).post("/api/v1/cases/claim?access_token=" + secret, ""), 401);
        assertError(admin.as(null).get("/api/v1/supporters?access%5Ftoken=" + secret), 401);
        assertError(admin.as(null).get("/api/v1/supporters?%61ccess_token=" + secret), 401);
        assertThat(admin.as(secret).get("/api/v1/supporters?limit=5").status()).isEqualTo(200);
    }

    @Test
    void aTokenStopsWorkingWhenItExpires() {
        Instant now = ClockedApplication.CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode issued = issue("{\"name\":\"short\",\"role\":\"staff\",\"expiresAt\":\"" + now.plus(Duration.ofHours(1)) + "\"}");
        assertThat(Instant.parse(issued.get("expiresAt").asText())).isEqualTo(now.plus(Duration.ofHours(1)));
        Api staff = admin.as(issued.get("token").asText());
        assertThat(staff.get("/api/v1/supporters").status()).isEqualTo(200);
        ClockedApplication.CLOCK.advance(Duration.ofHours(2));
        try {
            assertError(staff.get("/api/v1/supporters"), 401);
        } finally {
            ClockedApplication.CLOCK.set(now);
        }
        assertError(admin.post("/api/v1/tokens", "{\"name\":\"past\",\"role\":\"staff\",\"expiresAt\":\""
                + now.minus(Duration.ofMinutes(1)) + "\"}"), 422);
    }

    @Test
    void adminsListTokensWithoutTheirSecrets() {
        JsonNode issued = issue("{\"name\":\"listed\",\"role\":\"staff\"}");
        String secret = issued.get("token").asText();
        assertThat(admin.as(secret).get("/api/v1/supporters").status()).isEqualTo(200);
        Await.until("the token's use is recorded", () -> listed(issued.get("id").asLong()).hasNonNull("lastUsedAt"));
        JsonNode listed = listed(issued.get("id").asLong());
        List<String> fields = new ArrayList<>();
        listed.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("id", "name", "role", "userId", "createdAt", "lastUsedAt", "expiresAt")
                .doesNotContain("token", "tokenHash", "secret");
        assertThat(admin.get("/api/v1/tokens?limit=500").body()).doesNotContain(secret);
        assertError(admin.as(secret).get("/api/v1/tokens"), 403);
    }

    static JsonNode listed(long id) {
        String after = "";
        do {
            JsonNode page = admin.get("/api/v1/tokens?limit=50" + (after.isEmpty() ? "" : "&after=" + after)).json();
            for (JsonNode t : page.get("items")) {
                if (t.get("id").asLong() == id) {
                    return t;
                }
            }
            after = page.get("next").isNull() ? "" : page.get("next").asText();
        } while (!after.isEmpty());
        throw new AssertionError("token " + id + " is not listed");
    }

    @Test
    void aUsersTokenActsWithTheUsersCurrentRole() {
        long user = admin.post("/api/v1/users", "{\"name\":\"Changing Roles\",\"email\":\"roles@example.org\",\"role\":\"attorney\"}")
                .json().get("id").asLong();
        Api token = admin.as(issue("{\"name\":\"hers\",\"role\":\"attorney\",\"userId\":" + user + "}").get("token").asText());
        assertThat(token.get("/api/v1/cases").status()).isEqualTo(200);
        assertError(token.get("/api/v1/supporters"), 403);

        assertThat(admin.patch("/api/v1/users/" + user, "{\"role\":\"staff\"}").status()).isEqualTo(200);
        assertError(token.get("/api/v1/cases"), 403);
        assertThat(token.get("/api/v1/supporters").status()).isEqualTo(200);
    }
}
