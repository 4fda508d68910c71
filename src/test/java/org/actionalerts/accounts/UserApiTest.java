package org.actionalerts.accounts;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Staff and attorneys as people: created, listed and changed by admins; passwords stored hashed, never shown. */
@ExtendWith(DropwizardExtensionsSupport.class)
class UserApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();

    @Test
    void createListPatchWithoutEverShowingThePassword() {
        Api admin = TestApp.api(APP);
        Api.Reply created = admin.post("/api/v1/users", """
                {"name": "Sara Attorney", "email": "sara@example.org", "phone": "(301) 555-0123", "role": "attorney",
                 "queues": ["state-local-advocacy"], "onCall": true, "password": "a long passphrase 42"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode u = created.json();
        assertThat(u.get("phone").asText()).isEqualTo("+13015550123");
        assertThat(u.get("queues").get(0).asText()).isEqualTo("state-local-advocacy");
        assertThat(u.get("onCall").asBoolean()).isTrue();
        assertThat(u.get("hasPassword").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain("passphrase").doesNotContain("password\"").doesNotContain("$2");
        String hash = TestApp.jdbi(APP).withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", u.get("id").asLong()).mapTo(String.class).one());
        assertThat(hash).startsWith("$2").doesNotContain("passphrase");
        assertThat(Passwords.matches("a long passphrase 42", hash)).isTrue();

        JsonNode patched = admin.patch("/api/v1/users/" + u.get("id").asLong(), "{\"onCall\": false, \"queues\": [\"detention-response\"]}").json();
        assertThat(patched.get("onCall").asBoolean()).isFalse();
        assertThat(patched.get("queues").get(0).asText()).isEqualTo("detention-response");
        assertThat(patched.get("name").asText()).isEqualTo("Sara Attorney");

        Api.Reply list = admin.get("/api/v1/users");
        assertThat(list.json().get("items")).isNotEmpty();
        assertThat(list.body()).doesNotContain("$2");
        assertThat(admin.post("/api/v1/tokens", "{\"name\": \"sara\", \"role\": \"attorney\", \"userId\": " + u.get("id").asLong() + "}")
                .status()).isEqualTo(201);
    }

    @Test
    void invalidUsersAre422AndTakenEmails409() {
        Api admin = TestApp.api(APP);
        JsonNode errors = assertError(admin.post("/api/v1/users",
                "{\"email\": \"x\", \"phone\": \"12\", \"role\": \"boss\", \"queues\": [\"Bad Queue\"], \"password\": \"short\"}"), 422)
                .get("errors");
        assertThat(errors).extracting(e -> e.get("field").asText()).contains("name", "email", "phone", "role", "queues", "password");
        admin.post("/api/v1/users", "{\"name\": \"A\", \"email\": \"dup@example.org\", \"role\": \"staff\"}");
        assertError(admin.post("/api/v1/users", "{\"name\": \"B\", \"email\": \"DUP@example.org\", \"role\": \"staff\"}"), 409);
        assertError(admin.patch("/api/v1/users/999999", "{\"name\": \"x\"}"), 404);
    }
}
