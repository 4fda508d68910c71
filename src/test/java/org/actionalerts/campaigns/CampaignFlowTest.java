package org.actionalerts.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A campaign from creation to completion through the API, with the dry-run gateways. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CampaignFlowTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;

    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
    }

    static long supporter(String json) {
        Api.Reply reply = staff.post("/api/v1/supporters", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asLong();
    }

    static JsonNode campaign(long id) {
        return staff.get("/api/v1/campaigns/" + id).json();
    }

    static List<JsonNode> messages(long id) {
        List<JsonNode> all = new ArrayList<>();
        String after = "";
        do {
            JsonNode page = staff.get("/api/v1/campaigns/" + id + "/messages?limit=2" + (after.isEmpty() ? "" : "&after=" + after)).json();
            page.get("items").forEach(all::add);
            after = page.get("next").isNull() ? "" : page.get("next").asText();
        } while (!after.isEmpty());
        return all;
    }

    @Test
    void invalidCampaignsAreRefusedFieldByField() {
        Api.Reply reply = staff.post("/api/v1/campaigns", """
                {"name":"x","actionUrl":"javascript:alert(1)","channels":["sms","email","fax"],
                 "sms":{"body":{"es":"Hola {{#firstName}}"}},"email":{"subject":{"en":"s"}}}""");
        assertThat(reply.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        reply.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).contains("actionUrl", "channels", "sms.body", "sms.body.es", "email.text");

        assertThat(staff.post("/api/v1/campaigns", """
                {"name":"x","channels":["sms"],"sms":{"body":{"en":"hi"}},"audience":{"listId":999999}}""").status())
                .isEqualTo(422);
        assertThat(staff.get("/api/v1/campaigns/999999").status()).isEqualTo(404);
    }

    @Test
    void reachesEverySubscribedSupporterInTheAudienceOncePerChannelInTheirLanguage() {
        long ana = supporter("""
                {"firstName":"Ana <b>","phone":"+13015550111","email":"ana@example.org","language":"es","state":"MD",
                 "county":"Frederick County","tags":["rapid"],"smsOptIn":true,"emailOptIn":true}""");
        long ben = supporter("""
                {"firstName":"Ben","phone":"+13015550112","state":"MD","county":"frederick county","tags":["rapid"],"smsOptIn":true}""");
        long cam = supporter("""
                {"firstName":"Cam","phone":"+13015550113","email":"cam@example.org","state":"MD","county":"Frederick County",
                 "tags":["rapid"],"smsOptIn":true,"emailOptIn":true}""");
        staff.patch("/api/v1/supporters/" + cam, "{\"smsOptIn\":false}"); // Cam said stop: email only
        supporter("""
                {"firstName":"Dee","phone":"+13015550114","state":"MD","county":"Frederick County","tags":["rapid"]}""");
        supporter("""
                {"firstName":"Eve","phone":"+17035550115","state":"VA","county":"Arlington County","tags":["rapid"],"smsOptIn":true}""");

        Api.Reply created = staff.post("/api/v1/campaigns", """
                {"name":"Tell the sheriff: end 287(g)","actionUrl":"https://example.org/act/287g","channels":["sms","email"],
                 "audience":{"states":["MD"],"counties":["Frederick County"],"tags":["rapid"]},
                 "sms":{"body":{"en":"Hi {{firstName}}, call the sheriff: {{actionUrl}}","es":"Hola {{firstName}}, llame al sheriff: {{actionUrl}}"}},
                 "email":{"subject":{"en":"End 287(g)","es":"Fin al 287(g)"},"text":{"en":"Hi {{firstName}}"},
                          "html":{"en":"<p>Hi {{firstName}}</p>","es":"<p>Hola {{firstName}}</p>"}}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("status").asText()).isEqualTo("draft");
        // Ana and Ben by text, Ana and Cam by email; Dee never opted in, Eve is in Virginia.
        assertThat(created.json().get("audienceSize").get("sms").asLong()).isEqualTo(2);
        assertThat(created.json().get("audienceSize").get("email").asLong()).isEqualTo(2);

        Api.Reply preview = staff.post("/api/v1/campaigns/" + id + "/preview", "{\"supporterId\":" + ana + "}");
        // The preview shows a short link of the real length; each recipient's own is made when their text is sent.
        assertThat(preview.json().get("sms").asText()).isEqualTo("Hola Ana <b>, llame al sheriff: http://localhost:8080/a/XXXXXXXXXX");
        assertThat(preview.json().get("html").asText()).isEqualTo("<p>Hola Ana &lt;b&gt;</p>");
        assertThat(preview.json().get("smsSegments").asInt()).isEqualTo(1);

        Api.Reply launched = staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]);
        assertThat(launched.status()).isEqualTo(202);
        Await.until("the campaign completes", () -> "completed".equals(campaign(id).get("status").asText()));
        assertThat(staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]).status()).isEqualTo(202);

        JsonNode stats = campaign(id).get("stats");
        assertThat(stats.get("recipients").asLong()).isEqualTo(4);
        assertThat(stats.get("sent").asLong()).isEqualTo(4);
        List<JsonNode> messages = messages(id);
        assertThat(messages).hasSize(4);
        assertThat(messages).extracting(m -> m.get("supporterId").asLong() + "/" + m.get("channel").asText())
                .containsExactlyInAnyOrder(ana + "/sms", ben + "/sms", ana + "/email", cam + "/email");
        JsonNode anaSms = messages.stream().filter(m -> m.get("supporterId").asLong() == ana && "sms".equals(m.get("channel").asText()))
                .findFirst().orElseThrow();
        assertThat(anaSms.get("body").asText()).startsWith("Hola Ana");
        JsonNode benSms = messages.stream().filter(m -> m.get("supporterId").asLong() == ben).findFirst().orElseThrow();
        assertThat(benSms.get("body").asText()).matches("Hi Ben, call the sheriff: http://localhost:8080/a/[A-Za-z0-9]{10}");

        // Erasing Ben erases what we sent him too.
        assertThat(staff.delete("/api/v1/supporters/" + ben).status()).isEqualTo(204);
        assertThat(messages(id)).extracting(m -> m.get("supporterId").asLong()).doesNotContain(ben).hasSize(3);
    }

    @Test
    void cancellingWithdrawsWhatIsStillQueuedAndPauseNeedsARunningCampaign() {
        supporter("{\"phone\":\"+13015550121\",\"tags\":[\"cancel-test\"],\"smsOptIn\":true}");
        long id = staff.post("/api/v1/campaigns", """
                {"name":"later","channels":["sms"],"audience":{"tags":["cancel-test"]},"sms":{"body":{"en":"x"}},
                 "sendAt":"2099-01-01T00:00:00Z"}""").json().get("id").asLong();
        JsonNode launched = staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]).json();
        assertThat(launched.get("status").asText()).isEqualTo("scheduled");
        assertThat(launched.get("stats").get("recipients").asLong()).isZero();
        assertThat(staff.send("/api/v1/campaigns/" + id + "/resume", "POST", null, new byte[0]).status()).isEqualTo(409);
        assertThat(staff.send("/api/v1/campaigns/" + id + "/pause", "POST", null, new byte[0]).json().get("status").asText())
                .isEqualTo("paused");
        assertThat(staff.send("/api/v1/campaigns/" + id + "/resume", "POST", null, new byte[0]).json().get("status").asText())
                .isEqualTo("scheduled");
        assertThat(staff.send("/api/v1/campaigns/" + id + "/cancel", "POST", null, new byte[0]).json().get("status").asText())
                .isEqualTo("cancelled");
        assertThat(staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]).json().get("stats")
                .get("recipients").asLong()).isZero();
    }

    @Test
    void attorneysCannotRunCampaigns() {
        Api attorney = TestApp.api(APP).withNewToken("attorney");
        assertThat(attorney.get("/api/v1/campaigns").status()).isEqualTo(403);
        assertThat(TestApp.api(APP).as(null).get("/api/v1/campaigns").status()).isEqualTo(401);
    }
}
