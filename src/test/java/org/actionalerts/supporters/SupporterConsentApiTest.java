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

/** Consent is a history; staff can record an opt-out but never undo one, and erasure keeps opt-outs. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SupporterConsentApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;

    @BeforeAll
    static void tokens() {
        staff = TestApp.api(APP).withNewToken("staff");
    }

    @Test
    void signUpOptInsAreRecordedAsEvents() {
        String id = create("{\"phone\":\"301-555-0200\",\"email\":\"c0@example.org\",\"smsOptIn\":true,\"emailOptIn\":true}");
        List<JsonNode> events = history(id);
        assertThat(events).extracting(e -> e.get("channel").asText() + ":" + e.get("status").asText())
                .containsExactly("sms:subscribed", "email:subscribed");
        assertThat(events.get(0).get("source").asText()).isEqualTo("api");
        assertThat(events.get(0).get("at").asText()).endsWith("Z");
    }

    @Test
    void noOptInMeansStatusNoneAndNoHistory() {
        String id = create("{\"phone\":\"301-555-0201\",\"email\":\"c1@example.org\"}");
        JsonNode s = staff.get("/api/v1/supporters/" + id).json();
        assertThat(s.get("smsStatus").asText()).isEqualTo("none");
        assertThat(s.get("emailStatus").asText()).isEqualTo("none");
        assertThat(history(id)).isEmpty();
    }

    @Test
    void staffRecordAnOptOutAndCannotUndoIt() {
        String id = create("{\"phone\":\"301-555-0202\",\"smsOptIn\":true}");

        Api.Reply out = staff.patch("/api/v1/supporters/" + id, "{\"smsOptIn\":false}");
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.json().get("smsStatus").asText()).isEqualTo("unsubscribed");

        Api.Reply backIn = staff.patch("/api/v1/supporters/" + id, "{\"smsOptIn\":true}");
        assertThat(backIn.status()).isEqualTo(200);
        assertThat(backIn.json().get("smsStatus").asText()).isEqualTo("unsubscribed");
        assertThat(staff.get("/api/v1/supporters/" + id).json().get("smsStatus").asText()).isEqualTo("unsubscribed");

        List<JsonNode> events = history(id);
        assertThat(events).extracting(e -> e.get("status").asText()).containsExactly("subscribed", "unsubscribed");
        JsonNode optOut = events.get(1);
        assertThat(optOut.get("channel").asText()).isEqualTo("sms");
        assertThat(optOut.get("source").asText()).isEqualTo("staff");
        assertThat(optOut.get("evidence").asText()).isNotBlank();
        assertThat(optOut.get("at").asText()).isGreaterThanOrEqualTo(events.get(0).get("at").asText());
    }

    @Test
    void staffCanSubscribeSomeoneWhoNeverSaidAnything() {
        String id = create("{\"email\":\"c3@example.org\"}");
        Api.Reply in = staff.patch("/api/v1/supporters/" + id, "{\"emailOptIn\":true}");
        assertThat(in.json().get("emailStatus").asText()).isEqualTo("subscribed");
        assertThat(history(id)).extracting(e -> e.get("source").asText()).containsExactly("staff");
    }

    @Test
    void anEmailOptOutLeavesSmsAlone() {
        String id = create("{\"phone\":\"301-555-0204\",\"email\":\"c4@example.org\",\"smsOptIn\":true,\"emailOptIn\":true}");
        JsonNode s = staff.patch("/api/v1/supporters/" + id, "{\"emailOptIn\":false}").json();
        assertThat(s.get("emailStatus").asText()).isEqualTo("unsubscribed");
        assertThat(s.get("smsStatus").asText()).isEqualTo("subscribed");
    }

    @Test
    void anErasedNumberThatHadUnsubscribedStaysSuppressedForever() {
        String id = create("{\"phone\":\"301-555-0205\",\"email\":\"c5@example.org\",\"smsOptIn\":true,\"emailOptIn\":true}");
        staff.patch("/api/v1/supporters/" + id, "{\"smsOptIn\":false,\"emailOptIn\":false}");
        assertThat(staff.delete("/api/v1/supporters/" + id).status()).isEqualTo(204);

        Api.Reply again = staff.post("/api/v1/supporters",
                "{\"phone\":\"(301) 555-0205\",\"email\":\"C5@Example.org\",\"smsOptIn\":true,\"emailOptIn\":true}");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("smsStatus").asText()).isEqualTo("unsubscribed");
        assertThat(again.json().get("emailStatus").asText()).isEqualTo("unsubscribed");

        // Staff cannot lift it either.
        String newId = again.json().get("id").asText();
        assertThat(staff.patch("/api/v1/supporters/" + newId, "{\"smsOptIn\":true}").json().get("smsStatus").asText())
                .isEqualTo("unsubscribed");
    }

    @Test
    void anErasedNumberThatNeverUnsubscribedCanBeAddedAgainSubscribed() {
        String id = create("{\"phone\":\"301-555-0206\",\"smsOptIn\":true}");
        assertThat(staff.delete("/api/v1/supporters/" + id).status()).isEqualTo(204);

        Api.Reply again = staff.post("/api/v1/supporters", "{\"phone\":\"301-555-0206\",\"smsOptIn\":true}");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("smsStatus").asText()).isEqualTo("subscribed");
    }

    @Test
    void aSuppressedNumberGivenToAnotherRecordByPatchIsNotSubscribed() {
        suppress("{\"phone\":\"301-555-0210\",\"email\":\"c10@example.org\",\"smsOptIn\":true,\"emailOptIn\":true}");

        String emailOnly = create("{\"email\":\"c10-new@example.org\"}");
        JsonNode patched = staff.patch("/api/v1/supporters/" + emailOnly, "{\"phone\":\"3015550210\",\"smsOptIn\":true}").json();
        assertThat(patched.get("phone").asText()).isEqualTo("+13015550210");
        assertThat(patched.get("smsStatus").asText()).isEqualTo("unsubscribed");

        suppress("{\"phone\":\"301-555-0213\",\"email\":\"c13@example.org\",\"smsOptIn\":true,\"emailOptIn\":true}");
        String subscribed = create("{\"phone\":\"301-555-0211\",\"smsOptIn\":true,\"emailOptIn\":true}");
        JsonNode moved = staff.patch("/api/v1/supporters/" + subscribed, "{\"phone\":\"(301) 555-0213\",\"email\":\"C13@example.org\"}").json();
        assertThat(moved.get("smsStatus").asText()).as("consent given for another number").isEqualTo("unsubscribed");
        assertThat(moved.get("emailStatus").asText()).isEqualTo("unsubscribed");
        assertThat(history(subscribed)).extracting(e -> e.get("source").asText()).contains("suppression-list");
    }

    @Test
    void patchingOtherFieldsOfASubscribedSupporterKeepsTheirConsent() {
        String id = create("{\"phone\":\"301-555-0212\",\"smsOptIn\":true}");
        JsonNode s = staff.patch("/api/v1/supporters/" + id, "{\"firstName\":\"Kept\",\"phone\":\"+1 301 555 0212\"}").json();
        assertThat(s.get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(history(id)).hasSize(1);
    }

    /** Creates someone, records their opt-out on both channels and erases them. */
    private static void suppress(String json) {
        String id = create(json);
        staff.patch("/api/v1/supporters/" + id, "{\"smsOptIn\":false,\"emailOptIn\":false}");
        assertThat(staff.delete("/api/v1/supporters/" + id).status()).isEqualTo(204);
    }

    @Test
    void erasureRemovesTheConsentHistoryWithThePerson() {
        String id = create("{\"phone\":\"301-555-0207\",\"smsOptIn\":true}");
        staff.delete("/api/v1/supporters/" + id);
        assertThat(staff.get("/api/v1/supporters/" + id + "/consent").status()).isEqualTo(404);
    }

    private static String create(String json) {
        Api.Reply reply = staff.post("/api/v1/supporters", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private static List<JsonNode> history(String id) {
        Api.Reply reply = staff.get("/api/v1/supporters/" + id + "/consent");
        assertThat(reply.status()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        reply.json().get("items").forEach(events::add);
        return events;
    }
}
