package org.actionalerts.supporters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Create, read, change and erase one supporter at a time. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SupporterApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;

    @BeforeAll
    static void tokens() {
        staff = TestApp.api(APP).withNewToken("staff");
    }

    @Test
    void createsAndNormalisesASupporter() {
        Api.Reply reply = staff.post("/api/v1/supporters", """
                {"firstName":" Ana ","phone":"(301) 565-4807","email":"Ana@Example.org","language":"es-MX",
                 "state":"md","county":" Frederick County ","tags":["rapid-response"," rapid-response","287g"],"smsOptIn":true}""");
        assertThat(reply.status()).isEqualTo(201);
        var json = reply.json();
        assertThat(json.get("firstName").asText()).isEqualTo("Ana");
        assertThat(json.get("phone").asText()).isEqualTo("+13015654807");
        assertThat(json.get("email").asText()).isEqualTo("Ana@Example.org");
        assertThat(json.get("language").asText()).isEqualTo("es");
        assertThat(json.get("state").asText()).isEqualTo("MD");
        assertThat(json.get("county").asText()).isEqualTo("Frederick County");
        assertThat(json.get("tags")).extracting(JsonNode::asText).containsExactly("rapid-response", "287g");
        assertThat(json.get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(json.get("emailStatus").asText()).isEqualTo("none");
        assertThat(json.get("createdAt").asText()).endsWith("Z");

        Api.Reply read = staff.get("/api/v1/supporters/" + json.get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(json);
    }

    @Test
    void aSecondSupporterWithTheSameNumberIsAConflictNamingTheFirst() {
        long first = staff.post("/api/v1/supporters", "{\"phone\":\"+1 240 555 0101\"}").json().get("id").asLong();
        Api.Reply reply = staff.post("/api/v1/supporters", "{\"phone\":\"12405550101\"}");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("existingId").asLong()).isEqualTo(first);
        assertThat(reply.json().get("code").asInt()).isEqualTo(409);
    }

    @Test
    void anUnknownIdIs404() {
        Api.Reply reply = staff.get("/api/v1/supporters/987654321");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("code").asInt()).isEqualTo(404);
        assertThat(staff.patch("/api/v1/supporters/987654321", "{\"firstName\":\"X\"}").status()).isEqualTo(404);
        assertThat(staff.delete("/api/v1/supporters/987654321").status()).isEqualTo(404);
        assertThat(staff.get("/api/v1/supporters/987654321/consent").status()).isEqualTo(404);
    }

    @Test
    void patchChangesOnlyTheFieldsGivenAndAnEmptyStringClearsAField() {
        String id = create("""
                {"firstName":"Luis","lastName":"Ortega","phone":"301-555-0142","email":"luis@example.org",
                 "state":"MD","county":"Montgomery County","postalCode":"20901","tags":["a"]}""");

        Api.Reply patched = staff.patch("/api/v1/supporters/" + id, "{\"lastName\":\"\",\"county\":\" Howard County \",\"tags\":[\"b\",\"b \"]}");
        assertThat(patched.status()).isEqualTo(200);
        JsonNode s = staff.get("/api/v1/supporters/" + id).json();
        assertThat(s.get("firstName").asText()).isEqualTo("Luis");
        assertThat(s.path("lastName").isMissingNode() || s.get("lastName").isNull()).as(s.toString()).isTrue();
        assertThat(s.get("phone").asText()).isEqualTo("+13015550142");
        assertThat(s.get("email").asText()).isEqualTo("luis@example.org");
        assertThat(s.get("state").asText()).isEqualTo("MD");
        assertThat(s.get("county").asText()).isEqualTo("Howard County");
        assertThat(s.get("postalCode").asText()).isEqualTo("20901");
        assertThat(s.get("tags")).extracting(JsonNode::asText).containsExactly("b");
    }

    @Test
    void patchValidatesWhatItChanges() {
        String id = create("{\"phone\":\"301-555-0143\"}");
        Api.Reply bad = staff.patch("/api/v1/supporters/" + id, "{\"state\":\"XX\",\"firstName\":\"Changed\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(SupporterValidationApiTest.fields(bad)).containsExactly("state");
        assertThat(staff.get("/api/v1/supporters/" + id).json().path("firstName").asText("")).isEmpty();

        Api.Reply noContactLeft = staff.patch("/api/v1/supporters/" + id, "{\"phone\":\"\"}");
        assertThat(noContactLeft.status()).isEqualTo(422);
        assertThat(staff.get("/api/v1/supporters/" + id).json().get("phone").asText()).isEqualTo("+13015550143");
    }

    @Test
    void patchToSomeoneElsesNumberIsAConflict() {
        String first = create("{\"phone\":\"301-555-0144\"}");
        String second = create("{\"phone\":\"301-555-0145\"}");
        Api.Reply reply = staff.patch("/api/v1/supporters/" + second, "{\"phone\":\"(301) 555-0144\"}");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("existingId").asText()).isEqualTo(first);
    }

    @Test
    void deleteErasesThePerson() {
        String id = create("{\"phone\":\"301-555-0146\",\"firstName\":\"Erased\"}");
        assertThat(staff.delete("/api/v1/supporters/" + id).status()).isEqualTo(204);
        assertThat(staff.get("/api/v1/supporters/" + id).status()).isEqualTo(404);
        assertThat(staff.delete("/api/v1/supporters/" + id).status()).isEqualTo(404);
        assertThat(staff.get("/api/v1/supporters?q=Erased").json().get("items")).isEmpty();
        // The number is free again for a new record.
        assertThat(staff.post("/api/v1/supporters", "{\"phone\":\"301-555-0146\"}").status()).isEqualTo(201);
    }

    private static String create(String json) {
        Api.Reply reply = staff.post("/api/v1/supporters", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    @Test
    void searchTextIsMatchedLiterallyNotAsAWildcard() {
        staff.post("/api/v1/supporters", "{\"firstName\":\"Percy\",\"phone\":\"+1 240 555 0177\"}");
        assertThat(staff.get("/api/v1/supporters?q=Percy").json().get("items")).hasSize(1);
        assertThat(staff.get("/api/v1/supporters?q=%25").json().get("items")).isEmpty();
        assertThat(staff.get("/api/v1/supporters?q=_").json().get("items")).isEmpty();
    }
}
