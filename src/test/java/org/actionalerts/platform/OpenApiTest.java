package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /openapi.json is generated from the resources, so it lists what the service really answers. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();

    @Test
    void describesTheJsonApiWithBearerAuthentication() {
        JsonNode spec = TestApp.api(APP).as(null).get("/openapi.json").json();
        assertThat(spec.get("openapi").asText()).startsWith("3.");
        assertThat(spec.get("paths").has("/api/v1/supporters")).isTrue();
        assertThat(spec.get("paths").has("/api/v1/supporters/import")).isTrue();
        assertThat(spec.get("paths").has("/api/v1/campaigns/{id}/launch")).isTrue();
        assertThat(spec.get("paths").has("/api/v1/lists/{id}/members")).isTrue();
        // Claim-next is served outside Jersey (for speed) and described by hand: it must still be in the spec.
        JsonNode claim = spec.get("paths").get("/api/v1/cases/claim").get("post");
        assertThat(claim.get("parameters").get(0).get("name").asText()).isEqualTo("queue");
        String caseView = claim.get("responses").get("200").get("content").get("application/json").get("schema").get("$ref").asText();
        assertThat(spec.get("components").get("schemas").has(caseView.substring(caseView.lastIndexOf('/') + 1))).isTrue();
        // A case's thread and notes are passed through as JSON, and still described as the arrays they are.
        JsonNode caseFields = spec.get("components").get("schemas").get("CaseView").get("properties");
        assertThat(caseFields.get("thread").get("type").asText()).isEqualTo("array");
        assertThat(caseFields.get("thread").get("items").get("$ref").asText()).endsWith("/ThreadEntry");
        assertThat(caseFields.get("notes").get("items").get("$ref").asText()).endsWith("/Note");
        assertThat(spec.get("components").get("securitySchemes").get("bearer").get("scheme").asText()).isEqualTo("bearer");
        // Webhooks and unsubscribe pages are not part of the JSON API.
        assertThat(spec.get("paths").has("/webhooks/twilio/sms")).isFalse();
    }
}
