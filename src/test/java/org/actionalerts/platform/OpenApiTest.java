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
        assertThat(spec.get("components").get("securitySchemes").get("bearer").get("scheme").asText()).isEqualTo("bearer");
        // Webhooks and unsubscribe pages are not part of the JSON API.
        assertThat(spec.get("paths").has("/webhooks/twilio/sms")).isFalse();
    }
}
