package org.actionalerts.campaigns;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A template is data: a staff token cannot make it read files, the environment or Java objects. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TemplateSafetyTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;
    static long supporter;

    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
        supporter = staff.post("/api/v1/supporters", "{\"firstName\":\"Rosa\",\"phone\":\"+13015550901\",\"smsOptIn\":true}")
                .json().get("id").asLong();
    }

    static String campaign(String field, String template) {
        String quoted = template.replace("\\", "\\\\").replace("\"", "\\\"");
        return switch (field) {
            case "sms.body.en" -> "{\"name\":\"t\",\"channels\":[\"sms\"],\"sms\":{\"body\":{\"en\":\"" + quoted + "\"}}}";
            case "sms.body.es" -> "{\"name\":\"t\",\"channels\":[\"sms\"],\"sms\":{\"body\":{\"en\":\"hi\",\"es\":\"" + quoted + "\"}}}";
            default -> "{\"name\":\"t\",\"channels\":[\"email\"],\"email\":{\"subject\":{\"en\":\"s\"},\"text\":{\"en\":\"t\"},"
                    + "\"html\":{\"en\":\"" + quoted + "\"}}}";
        };
    }

    static List<String> fields(JsonNode error) {
        List<String> fields = new ArrayList<>();
        error.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{>file:/proc/self/environ}}", "{{> config.yml}}", "Hi {{>https://example.org/x}}",
            "{{<parent}}{{/parent}}", "{{=<% %>=}}<%> config.yml%>", "{{ > /etc/passwd }}"})
    void partialsInheritanceAndDelimiterChangesAreRefusedNamingTheField(String template) {
        for (String field : List.of("sms.body.en", "sms.body.es", "email.html.en")) {
            JsonNode error = assertError(staff.post("/api/v1/campaigns", campaign(field, template)), 422);
            assertThat(fields(error)).as(template).containsExactly(field);
            assertThat(error.toString()).doesNotContain("PATH=").doesNotContain("server:");
        }
    }

    /** Names come from CSV files and the public form: in an HTML email they must never become markup. */
    @ParameterizedTest
    @ValueSource(strings = {"<p>Hi {{{firstName}}}</p>", "<p>Hi {{&firstName}}</p>"})
    void unescapedFieldsAreRefusedInHtmlOnly(String template) {
        JsonNode error = assertError(staff.post("/api/v1/campaigns", campaign("email.html.en", template)), 422);
        assertThat(fields(error)).containsExactly("email.html.en");
        assertError(staff.post("/api/v1/campaigns", campaign("email.html.en", template.replace("{{", "{{ "))), 422);
        assertThat(staff.post("/api/v1/campaigns", campaign("sms.body.en", template)).status())
                .as("a text message is never HTML").isEqualTo(201);
    }

    @Test
    void sectionsAndInvertedSectionsStay() {
        Api.Reply created = staff.post("/api/v1/campaigns", campaign("sms.body.en",
                "{{#firstName}}Hi {{firstName}}{{/firstName}}{{^firstName}}Hi friend{{/firstName}}, call the sheriff"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api.Reply preview = staff.post("/api/v1/campaigns/" + created.json().get("id").asText() + "/preview",
                "{\"supporterId\":" + supporter + "}");
        assertThat(preview.json().get("sms").asText()).isEqualTo("Hi Rosa, call the sheriff");
    }

    @Test
    void mergeFieldsReachNoJavaObject() {
        String probes = "[{{class}}][{{class.name}}][{{firstName.class.name}}][{{size}}][{{entrySet}}][{{firstName.bytes}}]";
        // None of these is a merge field, so such a template is refused when the campaign is created...
        JsonNode refused = assertError(staff.post("/api/v1/campaigns", campaign("sms.body.en", probes)), 422);
        assertThat(fields(refused)).containsOnly("sms.body.en");
        assertThat(refused.toString()).contains("`class` is not a field", "`firstName.class.name` is not a field");
        // ...and one stored before that check existed still renders them as nothing.
        long id = staff.post("/api/v1/campaigns", campaign("sms.body.en", "placeholder")).json().get("id").asLong();
        TestApp.jdbi(APP).useHandle(h -> h.createUpdate("UPDATE campaigns SET templates = CAST(:t AS jsonb) WHERE id = :id")
                .bind("t", "{\"sms\":{\"body\":{\"en\":\"" + probes + "\"}}}").bind("id", id).execute());
        Api.Reply preview = staff.post("/api/v1/campaigns/" + id + "/preview", "{\"supporterId\":" + supporter + "}");
        assertThat(preview.json().get("sms").asText()).isEqualTo("[][][][][][]");
    }

    @Test
    void aPartialStoredBeforeTheCheckExistedIsNotRenderedEither() {
        long id = staff.post("/api/v1/campaigns", campaign("sms.body.en", "placeholder")).json().get("id").asLong();
        Jdbi jdbi = TestApp.jdbi(APP);
        jdbi.useHandle(h -> h.createUpdate("UPDATE campaigns SET templates = CAST(:t AS jsonb) WHERE id = :id")
                .bind("t", "{\"sms\":{\"body\":{\"en\":\"{{>file:/proc/self/environ}}\"}}}").bind("id", id).execute());
        Api.Reply preview = staff.post("/api/v1/campaigns/" + id + "/preview", "{\"supporterId\":" + supporter + "}");
        assertError(preview, 422);
        assertThat(preview.body()).doesNotContain("PATH=").doesNotContain("HOME=");
    }

    /** Such a stored template cannot stop the channel: its campaign is paused at claim time, the others go. */
    @Test
    void aCampaignWhoseStoredTemplateCannotRenderIsPausedAndOthersStillGo() {
        staff.post("/api/v1/supporters", "{\"phone\":\"+13015550902\",\"smsOptIn\":true,\"tags\":[\"broken\"]}");
        long broken = staff.post("/api/v1/campaigns", "{\"name\":\"b\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"broken\"]},"
                + "\"sms\":{\"body\":{\"en\":\"placeholder\"}}}").json().get("id").asLong();
        TestApp.jdbi(APP).useHandle(h -> h.createUpdate("UPDATE campaigns SET templates = CAST(:t AS jsonb) WHERE id = :id")
                .bind("t", "{\"sms\":{\"body\":{\"en\":\"{{>config.yml}}\"}}}").bind("id", broken).execute());
        assertThat(staff.post("/api/v1/campaigns/" + broken + "/launch", "").status()).isEqualTo(202);
        org.actionalerts.support.Await.until("the broken campaign is paused",
                () -> "paused".equals(staff.get("/api/v1/campaigns/" + broken).json().get("status").asText()));

        staff.post("/api/v1/supporters", "{\"phone\":\"+13015550903\",\"smsOptIn\":true,\"tags\":[\"fine\"]}");
        long fine = staff.post("/api/v1/campaigns", "{\"name\":\"f\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"fine\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Call the sheriff\"}}}").json().get("id").asLong();
        assertThat(staff.post("/api/v1/campaigns/" + fine + "/launch", "").status()).isEqualTo(202);
        org.actionalerts.support.Await.until("the other campaign's text is sent",
                () -> staff.get("/api/v1/campaigns/" + fine).json().get("stats").get("sent").asInt() == 1);
        JsonNode pausedOne = staff.get("/api/v1/campaigns/" + broken).json();
        assertThat(pausedOne.get("stats").get("sent").asInt()).isZero();
        assertThat(pausedOne.toString()).contains("cannot be rendered").doesNotContain("server:");
    }
}
