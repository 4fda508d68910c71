package org.actionalerts.accounts;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class TokenApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api admin;

    @BeforeAll
    static void clients() {
        admin = TestApp.api(APP);
    }

    @Test
    void aNewTokenIsShownOnceAndWorksWithItsRole() {
        Api.Reply reply = admin.post("/api/v1/tokens", "{\"name\":\"Organiser laptop\",\"role\":\"staff\"}");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("name").asText()).isEqualTo("Organiser laptop");
        assertThat(reply.json().get("role").asText()).isEqualTo("staff");
        assertThat(reply.json().hasNonNull("id")).isTrue();
        String secret = reply.json().get("token").asText();

        Api staff = admin.as(secret);
        assertThat(staff.get("/api/v1/supporters").status()).isEqualTo(200);
        assertError(staff.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"admin\"}"), 403);
    }

    @Test
    void tokensAreRandomLongAndStoredOnlyAsAHash() throws Exception {
        String a = admin.post("/api/v1/tokens", "{\"name\":\"same\",\"role\":\"staff\"}").json().get("token").asText();
        String b = admin.post("/api/v1/tokens", "{\"name\":\"same\",\"role\":\"staff\"}").json().get("token").asText();
        assertThat(a).isNotEqualTo(b);
        // ≥ 128 bits: at least 22 characters of base64 (or 32 of hex) beyond any prefix.
        assertThat(a.length()).isGreaterThanOrEqualTo(24);

        List<String> stored = storedTokenRows();
        assertThat(stored).isNotEmpty();
        assertThat(stored).noneMatch(row -> row.contains(a) || row.contains(b));
        String hash = hex(MessageDigest.getInstance("SHA-256").digest(a.getBytes(StandardCharsets.UTF_8)));
        assertThat(stored).anyMatch(row -> row.contains(hash));
    }

    @Test
    void theSecretIsNeverReturnedAgain() {
        Api.Reply created = admin.post("/api/v1/tokens", "{\"name\":\"once\",\"role\":\"attorney\"}");
        String secret = created.json().get("token").asText();
        String id = created.json().get("id").asText();

        Api.Reply revoked = admin.delete("/api/v1/tokens/" + id);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(revoked.body()).doesNotContain(secret);
        Api.Reply openApi = admin.get("/openapi.json");
        assertThat(openApi.body()).doesNotContain(secret);
        Api.Reply withIt = admin.as(secret).get("/api/v1/supporters");
        assertThat(withIt.body()).doesNotContain(secret);
    }

    @Test
    void aRevokedTokenStopsWorkingOnTheVeryNextRequest() {
        Api.Reply created = admin.post("/api/v1/tokens", "{\"name\":\"to revoke\",\"role\":\"staff\"}");
        Api staff = admin.as(created.json().get("token").asText());
        assertThat(staff.get("/api/v1/supporters").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/tokens/" + created.json().get("id").asText()).status()).isEqualTo(204);
        assertError(staff.get("/api/v1/supporters"), 401);
        assertError(staff.post("/api/v1/supporters", "{\"phone\":\"301-555-0801\"}"), 401);
    }

    @Test
    void aDeactivatedUsersTokensStopWorkingOnTheVeryNextRequest() {
        long userId = admin.post("/api/v1/users", """
                {"name": "Leaving Attorney", "email": "leaving@example.org", "role": "attorney"}""").json().get("id").asLong();
        Api attorney = admin.as(admin.post("/api/v1/tokens", "{\"name\":\"leaving\",\"role\":\"attorney\",\"userId\":" + userId + "}")
                .json().get("token").asText());
        assertThat(attorney.get("/api/v1/cases").status()).isEqualTo(200);

        assertThat(admin.patch("/api/v1/users/" + userId, "{\"active\": false}").status()).isEqualTo(200);
        assertError(attorney.get("/api/v1/cases"), 401);

        assertThat(admin.patch("/api/v1/users/" + userId, "{\"active\": true}").status()).isEqualTo(200);
        assertThat(attorney.get("/api/v1/cases").status()).isEqualTo(200);
    }

    @Test
    void aRevokedAdminTokenCannotMintNewOnes() {
        Api.Reply created = admin.post("/api/v1/tokens", "{\"name\":\"second admin\",\"role\":\"admin\"}");
        Api secondAdmin = admin.as(created.json().get("token").asText());
        assertThat(secondAdmin.post("/api/v1/tokens", "{\"name\":\"minted\",\"role\":\"staff\"}").status()).isEqualTo(201);
        admin.delete("/api/v1/tokens/" + created.json().get("id").asText());
        assertError(secondAdmin.post("/api/v1/tokens", "{\"name\":\"minted\",\"role\":\"staff\"}"), 401);
    }

    @Test
    void revokingAnUnknownTokenIs404() {
        assertError(admin.delete("/api/v1/tokens/99999999"), 404);
    }

    @Test
    void anInvalidRoleOrMissingNameIs422() {
        assertThat(assertError(admin.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"superuser\"}"), 422)
                .get("errors").get(0).get("field").asText()).isEqualTo("role");
        assertThat(assertError(admin.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"ADMIN\"}"), 422)
                .get("errors").get(0).get("field").asText()).isEqualTo("role");
        assertThat(assertError(admin.post("/api/v1/tokens", "{\"name\":\"x\"}"), 422)
                .get("errors").get(0).get("field").asText()).isEqualTo("role");
        assertThat(assertError(admin.post("/api/v1/tokens", "{\"role\":\"staff\"}"), 422)
                .get("errors").get(0).get("field").asText()).isEqualTo("name");
    }

    private static List<String> storedTokenRows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(APP.getConfiguration().database().getUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM api_tokens")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.append(v instanceof byte[] bytes ? hex(bytes) : String.valueOf(v)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
