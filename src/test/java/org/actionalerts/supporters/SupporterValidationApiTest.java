package org.actionalerts.supporters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Normalisation and validation of supporter fields, seen through POST /api/v1/supporters. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SupporterValidationApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;

    @BeforeAll
    static void tokens() {
        staff = TestApp.api(APP).withNewToken("staff");
    }

    @Test
    void everyCommonWayOfWritingANumberIsTheSameSupporter() {
        Api.Reply first = staff.post("/api/v1/supporters", "{\"phone\":\"(301) 565-4807\"}");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("phone").asText()).isEqualTo("+13015654807");
        String id = first.json().get("id").asText();

        for (String written : List.of("301.565.4807", "+1 301 565 4807", "13015654807", "(301) 565-4807")) {
            Api.Reply again = staff.post("/api/v1/supporters", "{\"phone\":\"" + written + "\"}");
            assertThat(again.status()).as(written).isEqualTo(409);
            assertThat(again.json().get("existingId").asText()).as(written).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "555-1234", "call me", "(000) 000-0000"})
    void anInvalidNumberIs422NamingThePhoneField(String phone) {
        Api.Reply reply = staff.post("/api/v1/supporters", "{\"phone\":\"" + phone + "\",\"email\":\"x@example.org\"}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(fields(reply)).containsExactly("phone");
    }

    @Test
    void emailsAreComparedWithoutRegardToCase() {
        Api.Reply first = staff.post("/api/v1/supporters", "{\"email\":\"Maria.Lopez@Example.org\"}");
        assertThat(first.status()).isEqualTo(201);
        Api.Reply again = staff.post("/api/v1/supporters", "{\"email\":\"maria.lopez@EXAMPLE.ORG\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("existingId").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(again.json().get("message").asText()).contains("email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maria", "maria@", "maria@example", "Maria <maria@example.org>"})
    void anInvalidEmailIs422NamingTheEmailField(String email) {
        Api.Reply reply = staff.post("/api/v1/supporters", "{\"email\":\"" + email + "\"}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(fields(reply)).containsExactly("email");
    }

    @Test
    void languageIsStoredAsItsPrimaryTag() {
        assertThat(create("{\"email\":\"l1@example.org\",\"language\":\"es-MX\"}").get("language").asText()).isEqualTo("es");
        assertThat(create("{\"email\":\"l2@example.org\",\"language\":\"ES\"}").get("language").asText()).isEqualTo("es");
        assertThat(create("{\"email\":\"l3@example.org\"}").get("language").asText()).isEqualTo("en");

        Api.Reply bad = staff.post("/api/v1/supporters", "{\"email\":\"l4@example.org\",\"language\":\"spanish\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(fields(bad)).containsExactly("language");
    }

    @Test
    void stateIsAUspsCodeIncludingDcAndPuertoRico() {
        assertThat(create("{\"email\":\"s1@example.org\",\"state\":\"DC\"}").get("state").asText()).isEqualTo("DC");
        assertThat(create("{\"email\":\"s2@example.org\",\"state\":\"pr\"}").get("state").asText()).isEqualTo("PR");
        assertThat(create("{\"email\":\"s3@example.org\",\"state\":\"md\"}").get("state").asText()).isEqualTo("MD");

        Api.Reply bad = staff.post("/api/v1/supporters", "{\"email\":\"s4@example.org\",\"state\":\"XX\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(fields(bad)).containsExactly("state");
    }

    @Test
    void countyIsTrimmedAndTagsTrimmedAndDeduplicated() {
        JsonNode s = create("""
                {"email":"c1@example.org","county":"  Frederick County  ",
                 "tags":[" rapid-response","287g","rapid-response ",""]}""");
        assertThat(s.get("county").asText()).isEqualTo("Frederick County");
        assertThat(s.get("tags")).extracting(JsonNode::asText).containsExactly("rapid-response", "287g");
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        Api.Reply reply = staff.post("/api/v1/supporters",
                "{\"phone\":\"12\",\"email\":\"nope\",\"state\":\"XX\",\"language\":\"??\"}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(fields(reply)).containsExactlyInAnyOrder("phone", "email", "state", "language");
        assertThat(reply.json().get("code").asInt()).isEqualTo(422);
    }

    @Test
    void aSupporterNeedsAPhoneOrAnEmail() {
        Api.Reply reply = staff.post("/api/v1/supporters", "{\"firstName\":\"Ana\",\"state\":\"MD\"}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors")).isNotEmpty();
        assertThat(staff.get("/api/v1/supporters?q=Ana").json().get("items")).isEmpty();
    }

    private static JsonNode create(String json) {
        Api.Reply reply = staff.post("/api/v1/supporters", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    static List<String> fields(Api.Reply reply) {
        List<String> names = new ArrayList<>();
        reply.json().get("errors").forEach(e -> names.add(e.get("field").asText()));
        return names;
    }
}
