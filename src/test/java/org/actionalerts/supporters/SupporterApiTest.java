package org.actionalerts.supporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
        assertThat(json.get("phone").asText()).isEqualTo("+13015654807");
        assertThat(json.get("language").asText()).isEqualTo("es");
        assertThat(json.get("state").asText()).isEqualTo("MD");
        assertThat(json.get("county").asText()).isEqualTo("Frederick County");
        assertThat(json.get("tags")).hasSize(2);
        assertThat(json.get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(json.get("emailStatus").asText()).isEqualTo("none");
        assertThat(json.get("createdAt").asText()).endsWith("Z");
    }

    @Test
    void aSecondSupporterWithTheSameNumberIsAConflictNamingTheFirst() {
        long first = staff.post("/api/v1/supporters", "{\"phone\":\"+1 240 555 0101\"}").json().get("id").asLong();
        Api.Reply reply = staff.post("/api/v1/supporters", "{\"phone\":\"12405550101\"}");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("existingId").asLong()).isEqualTo(first);
        assertThat(reply.json().get("code").asInt()).isEqualTo(409);
    }
}
