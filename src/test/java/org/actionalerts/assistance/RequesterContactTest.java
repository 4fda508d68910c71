package org.actionalerts.assistance;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The public form cannot redirect an attorney's replies: what a form says stays on its own case, an existing
 * person's record is never changed by it, and replies on a case go where its requester wrote from.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequesterContactTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            "assistance.helpRequests.perClient", "100", "dispatcher.enabled", "false");
    static Api admin;
    static Api attorney;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        attorney = admin.withNewToken("attorney");
        jdbi = TestApp.jdbi(APP);
    }

    static JsonNode caseByReference(String reference) {
        long id = jdbi.withHandle(h -> h.createQuery("SELECT id FROM cases WHERE reference = :r").bind("r", reference)
                .mapTo(Long.class).one());
        return attorney.get("/api/v1/cases/" + id).json();
    }

    static String recipientOfReply(String body) {
        return jdbi.withHandle(h -> h.createQuery("SELECT recipient FROM outbox WHERE kind = 'case-reply' AND body = :b")
                .bind("b", body).mapTo(String.class).one());
    }

    @Test
    void aFormWithSomeoneElsesPhoneAndTheAttackersEmailChangesNothingOfTheirs() {
        JsonNode victim = admin.post("/api/v1/supporters", "{\"firstName\":\"Ana\",\"phone\":\"+13015550701\"}").json();
        Api.Reply form = admin.as(null).post("/api/v1/help-requests", """
                {"name": "Someone Else", "phone": "+13015550701", "email": "attacker@evil.example", "message": "call me"}""");
        assertThat(form.status()).as(form.body()).isEqualTo(201);

        JsonNode after = admin.get("/api/v1/supporters/" + victim.get("id").asText()).json();
        assertThat(after.get("email").isNull()).as("the victim's record gains no address").isTrue();
        assertThat(after.get("firstName").asText()).isEqualTo("Ana");

        // The victim's own case (they called the office): an email reply has nowhere to go, never the attacker's.
        JsonNode own = attorney.post("/api/v1/cases", "{\"phone\":\"(301) 555-0701\",\"message\":\"Ana called about her brother\"}")
                .json();
        JsonNode refused = assertError(attorney.post("/api/v1/cases/" + own.get("id").asText() + "/replies",
                "{\"channel\":\"email\",\"body\":\"Ana, we are on it\"}"), 409);
        assertThat(refused.toString()).doesNotContain("attacker");
        attorney.post("/api/v1/cases/" + own.get("id").asText() + "/replies", "{\"channel\":\"sms\",\"body\":\"Ana, by text\"}");
        assertThat(recipientOfReply("Ana, by text")).isEqualTo("+13015550701");

        // The form's own case keeps what the form said, and its replies go there. It stands alone: linked to Ana,
        // her later texts would join it while its email replies went to the attacker.
        JsonNode formCase = caseByReference(form.json().get("reference").asText());
        assertThat(formCase.get("requester").get("supporterId").isNull()).isTrue();
        assertThat(formCase.get("requester").get("phone").asText()).isEqualTo("+13015550701");
        long linkedToAna = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cases WHERE supporter_id = :s")
                .bind("s", victim.get("id").asLong()).mapTo(Long.class).one());
        assertThat(linkedToAna).as("only the case Ana's own call opened").isEqualTo(1);
        assertThat(formCase.get("requester").get("email").asText()).isEqualTo("attacker@evil.example");
        attorney.post("/api/v1/cases/" + formCase.get("id").asText() + "/replies",
                "{\"channel\":\"email\",\"body\":\"Answer to the form\"}");
        assertThat(recipientOfReply("Answer to the form")).isEqualTo("attacker@evil.example");
    }

    @Test
    void aFormWithSomeoneElsesEmailAndTheAttackersPhoneChangesNothingOfTheirs() {
        JsonNode victim = admin.post("/api/v1/supporters", "{\"firstName\":\"Luis\",\"email\":\"luis@example.org\"}").json();
        Api.Reply form = admin.as(null).post("/api/v1/help-requests", """
                {"name": "Not Luis", "phone": "+13015550702", "email": "LUIS@example.org", "message": "text me"}""");
        assertThat(form.status()).isEqualTo(201);
        JsonNode after = admin.get("/api/v1/supporters/" + victim.get("id").asText()).json();
        assertThat(after.get("phone").isNull()).isTrue();
        assertThat(after.get("firstName").asText()).isEqualTo("Luis");

        JsonNode own = attorney.post("/api/v1/cases", "{\"email\":\"luis@example.org\",\"message\":\"Luis walked in\"}").json();
        assertError(attorney.post("/api/v1/cases/" + own.get("id").asText() + "/replies",
                "{\"channel\":\"sms\",\"body\":\"Luis, by text\"}"), 409);
    }

    @Test
    void attorneysOpenCasesByTheContactTheyWereGivenNotBySupporterIdAndNothingIsSentAutomatically() {
        JsonNode person = admin.post("/api/v1/supporters", "{\"firstName\":\"Rosa\",\"phone\":\"+13015550703\"}").json();
        assertError(attorney.post("/api/v1/cases", "{\"supporterId\":" + person.get("id").asText() + ",\"message\":\"x\"}"), 422);
        assertError(attorney.post("/api/v1/cases", "{\"message\":\"no way to reach them\"}"), 422);

        Api.Reply opened = attorney.post("/api/v1/cases", "{\"phone\":\"301-555-0703\",\"message\":\"Rosa called\"}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String id = opened.json().get("id").asText();
        JsonNode c = attorney.get("/api/v1/cases/" + id).json();
        assertThat(c.get("requester").get("supporterId").asText()).isEqualTo(person.get("id").asText());
        assertThat(c.get("thread")).as("no acknowledgement: the person did not write in").hasSize(1);
        long sent = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE recipient = '+13015550703'")
                .mapTo(Long.class).one());
        assertThat(sent).isZero();
        JsonNode audit = admin.get("/api/v1/audit?caseId=" + id).json();
        assertThat(audit.toString()).contains("case.open");
    }

    /** Which way the acknowledgement went must not say anything about the number typed beside the address. */
    @Test
    void theAcknowledgementOfAFormWithAnEmailGoesThereWhateverTheNumberIs() {
        admin.post("/api/v1/supporters", "{\"phone\":\"+13015550711\",\"smsOptIn\":true}");
        admin.patch("/api/v1/supporters/" + admin.get("/api/v1/supporters?q=%2B13015550711").json().get("items").get(0)
                .get("id").asText(), "{\"smsOptIn\":false}");
        java.util.List<String> channels = new java.util.ArrayList<>();
        for (String phone : java.util.List.of("+13015550711", "+13015550712")) { // unsubscribed, and unknown
            Api.Reply form = admin.as(null).post("/api/v1/help-requests", "{\"phone\":\"" + phone
                    + "\",\"email\":\"prober@evil.example\",\"message\":\"x\"}");
            assertThat(form.status()).isEqualTo(201);
            long caseId = caseByReference(form.json().get("reference").asText()).get("id").asLong();
            channels.add(jdbi.withHandle(h -> h.createQuery("""
                    SELECT o.channel FROM outbox o JOIN case_messages m ON m.outbox_id = o.id
                     WHERE m.case_id = :c AND m.kind = 'acknowledgement'""").bind("c", caseId).mapTo(String.class).one()));
        }
        assertThat(channels).containsExactly("email", "email");
    }
}
