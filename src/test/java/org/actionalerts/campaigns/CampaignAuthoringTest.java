package org.actionalerts.campaigns;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.delivery.SmsSegments;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mistakes are caught before ten thousand people see them: unknown merge fields, texts Twilio would refuse,
 * characters that triple the cost; fallbacks fill what people lack; the compliance footer goes on first alerts
 * and again after the renewal period; estimates and previews say what people will get.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CampaignAuthoringTest {
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final String ORG = "Immigrant Rights Now";
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            Providers.settings(TWILIO, null, "campaigns.complianceFooter.enabled", "true"));
    static Api admin;
    static Api staff;
    static int phones;
    static final Map<String, Long> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void setUp() {
        ClockedApplication.CLOCK.set(Instant.now());
        admin = TestApp.api(APP);
        staff = admin.withNewToken("staff");
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    /** A new subscribed supporter; returns their phone. */
    static String supporter(String firstName, String language, String tag) {
        String phone = String.format("+1301555%04d", 2000 + ++phones);
        Api.Reply r = staff.post("/api/v1/supporters", "{" + (firstName == null ? "" : "\"firstName\":\"" + firstName + "\",")
                + "\"phone\":\"" + phone + "\",\"language\":\"" + language + "\",\"tags\":[\"" + tag + "\"],\"smsOptIn\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        IDS.put(phone, r.json().get("id").asLong());
        return phone;
    }

    static long supporterId(String phone) {
        return IDS.get(phone);
    }

    static String sms(String tag, String en, String es, String extra) {
        return "{\"name\":\"" + tag + "\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"" + tag + "\"]},"
                + "\"sms\":{\"body\":{\"en\":" + quote(en) + (es == null ? "" : ",\"es\":" + quote(es)) + "}}" + extra + "}";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static long create(Api as, String json) {
        Api.Reply r = as.post("/api/v1/campaigns", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static void launchAndAwaitSent(long id, int recipients) {
        assertThat(staff.post("/api/v1/campaigns/" + id + "/launch", "").status()).isEqualTo(202);
        Await.until("campaign " + id + " is sent", () -> {
            JsonNode stats = staff.get("/api/v1/campaigns/" + id).json().get("stats");
            return stats.get("sent").asInt() + stats.get("delivered").asInt() == recipients;
        });
    }

    static String lastTextTo(String phone) {
        List<FakeTwilio.Received> texts = TWILIO.messagesTo(phone);
        assertThat(texts).isNotEmpty();
        return texts.get(texts.size() - 1).body();
    }

    static List<String> messages(JsonNode error, String field) {
        List<String> messages = new ArrayList<>();
        error.get("errors").forEach(e -> {
            if (field.equals(e.get("field").asText())) {
                messages.add(e.get("message").asText());
            }
        });
        return messages;
    }

    @Test
    void anUnknownMergeFieldIsRefusedNamingTheTemplateAndTheFieldItProbablyMeant() {
        JsonNode error = assertError(staff.post("/api/v1/campaigns", sms("typo", "Hi {{firstname}}, call the sheriff", null, "")), 422);
        assertThat(messages(error, "sms.body.en")).containsExactly("`firstname` is not a field; did you mean `firstName`?");

        // Inside sections and in any template of either channel.
        error = assertError(staff.post("/api/v1/campaigns", """
                {"name":"x","channels":["email"],"email":{"subject":{"en":"Act"},"text":{"en":"Hi {{lastNme}}"},
                 "html":{"en":"<p>Hi</p>","es":"{{#frstName}}Hola {{frstName}}{{/frstName}}"}}}"""), 422);
        assertThat(messages(error, "email.text.en")).containsExactly("`lastNme` is not a field; did you mean `lastName`?");
        assertThat(messages(error, "email.html.es")).containsExactly("`frstName` is not a field; did you mean `firstName`?");

        // Nothing close: the known fields are listed.
        error = assertError(staff.post("/api/v1/campaigns", sms("zip", "Your zip: {{zipCode}}", null, "")), 422);
        assertThat(messages(error, "sms.body.en")).singleElement().asString()
                .contains("`zipCode` is not a field", "`firstName`", "`county`", "`actionUrl`");

        // A fallback is literal text: braces in it are refused.
        error = assertError(staff.post("/api/v1/campaigns", sms("brace", "Hi {{firstName|fr{{county}}}}", null, "")), 422);
        assertThat(messages(error, "sms.body.en")).singleElement().asString().contains("may not contain { or }");
    }

    @Test
    void theMergeFieldsAndFallbacksAreDescribedInTheOpenApiDocument() {
        JsonNode create = admin.as(null).get("/openapi.json").json().get("paths").get("/api/v1/campaigns").get("post");
        assertThat(create.get("description").asText())
                .contains("{{firstName}}", "{{lastName}}", "{{state}}", "{{county}}", "{{actionUrl}}", "{{firstName|friend}}");
    }

    @Test
    void aTextTwilioWouldRefuseIsRefusedWithTheAudiencesLongestValues() {
        JsonNode error = assertError(staff.post("/api/v1/campaigns", sms("long", "x".repeat(2000), null, "")), 422);
        assertThat(messages(error, "sms.body.en")).singleElement().asString().contains("1,600", "21617");

        // 1,531 characters + footer (44) + a first name: "friend" fits, a 31-character name in the audience does not.
        String body = "a".repeat(1530) + " {{firstName}}";
        supporter("Ana", "en", "short-names");
        long fits = create(staff, sms("short-names", body, null, ""));
        JsonNode draft = staff.get("/api/v1/campaigns/" + fits).json();
        assertThat(draft.get("warnings").toString()).contains("\"code\":\"segments\"", "sms.body.en");
        assertThat(draft.get("warnings").toString()).doesNotContain("ucs2");

        supporter("Maximiliana-Esperanza Gutierrez", "en", "long-names");
        error = assertError(staff.post("/api/v1/campaigns", sms("long-names", body, null, "")), 422);
        assertThat(messages(error, "sms.body.en")).singleElement().asString().contains("1,606 characters", "longest");
    }

    @Test
    void aCharacterThatForcesUcs2IsNamedWithWhatWouldAvoidIt() {
        long id = create(staff, sms("curly", "Don’t wait: call the sheriff", "No espere: llame al sheriff", ""));
        JsonNode warnings = staff.get("/api/v1/campaigns/" + id).json().get("warnings");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).get("field").asText()).isEqualTo("sms.body.en");
        assertThat(warnings.get(0).get("code").asText()).isEqualTo("ucs2");
        assertThat(warnings.get(0).get("message").asText()).contains("’", "U+2019", "a straight ' would avoid it");
    }

    @Test
    void peopleWithoutAFirstNameGetTheFallbackOfTheirLanguage() {
        String rosa = supporter("Rosa", "en", "fallback");
        String noNameEn = supporter(null, "en", "fallback");
        String noNameEs = supporter(null, "es", "fallback");
        // Only an admin may leave the compliance footer off; here it keeps the texts to what the templates say.
        String json = sms("fallback", "Hi {{firstName}}, call the sheriff", "Hola {{firstName}}, llame al sheriff",
                ",\"complianceFooter\":false");
        assertError(staff.post("/api/v1/campaigns", json), 403);
        long id = create(admin, json);
        assertThat(staff.get("/api/v1/campaigns/" + id).json().get("complianceFooter").asBoolean()).isFalse();

        JsonNode preview = staff.post("/api/v1/campaigns/" + id + "/preview", "{}").json();
        assertThat(preview.get("fallbacks").get("firstName").asLong()).isEqualTo(2);

        launchAndAwaitSent(id, 3);
        assertThat(lastTextTo(rosa)).isEqualTo("Hi Rosa, call the sheriff");
        assertThat(lastTextTo(noNameEn)).isEqualTo("Hi friend, call the sheriff");
        assertThat(lastTextTo(noNameEs)).isEqualTo("Hola amigo, llame al sheriff");

        // A template's own fallback wins over the configured one.
        long own = create(admin, sms("fallback", "Hi {{firstName|neighbour}}", "Hola {{ firstName | vecino }}",
                ",\"complianceFooter\":false"));
        assertThat(staff.post("/api/v1/campaigns/" + own + "/preview", "{\"supporterId\":" + supporterId(noNameEs) + "}")
                .json().get("sms").asText()).isEqualTo("Hola vecino");
        assertThat(staff.post("/api/v1/campaigns/" + own + "/preview", "{\"supporterId\":" + supporterId(rosa) + "}")
                .json().get("sms").asText()).isEqualTo("Hi Rosa");
    }

    @Test
    void theFooterGoesOnAFirstAlertNotTheNextWithinThePeriodAndAgainAfterIt() {
        String en = supporter("Luz", "en", "footer");
        String es = supporter("Juan", "es", "footer");
        long first = create(staff, sms("footer", "Call the sheriff", "Llame al sheriff", ""));
        JsonNode preview = staff.post("/api/v1/campaigns/" + first + "/preview", "{\"supporterId\":" + supporterId(es) + "}").json();
        assertThat(preview.get("sms").asText()).isEqualTo(ORG + ": Llame al sheriff\nResponda ALTO para cancelar");
        assertThat(preview.get("complianceFooter").asBoolean()).isTrue();
        launchAndAwaitSent(first, 2);
        assertThat(lastTextTo(en)).isEqualTo(ORG + ": Call the sheriff\nReply STOP to opt out");
        assertThat(lastTextTo(es)).isEqualTo(ORG + ": Llame al sheriff\nResponda ALTO para cancelar");

        ClockedApplication.CLOCK.advance(Duration.ofDays(10));
        long second = create(staff, sms("footer", "Call the sheriff again", "Llame al sheriff otra vez", ""));
        assertThat(staff.post("/api/v1/campaigns/" + second + "/preview", "{\"supporterId\":" + supporterId(en) + "}")
                .json().get("complianceFooter").asBoolean()).isFalse();
        launchAndAwaitSent(second, 2);
        assertThat(lastTextTo(en)).isEqualTo("Call the sheriff again");
        assertThat(lastTextTo(es)).isEqualTo("Llame al sheriff otra vez");

        // 31 days after the last text with instructions (the second had none): they are due again.
        ClockedApplication.CLOCK.advance(Duration.ofDays(21));
        long third = create(staff, sms("footer", "The vote is tonight", "La votación es esta noche", ""));
        launchAndAwaitSent(third, 2);
        assertThat(lastTextTo(en)).isEqualTo(ORG + ": The vote is tonight\nReply STOP to opt out");
        assertThat(lastTextTo(es)).isEqualTo(ORG + ": La votación es esta noche\nResponda ALTO para cancelar");

        // A template that already names the organisation and says how to stop is not repeated.
        ClockedApplication.CLOCK.advance(Duration.ofDays(31));
        long own = create(staff, sms("footer", ORG + " alert: vote tonight. Reply STOP to opt out", "Vote hoy", ""));
        launchAndAwaitSent(own, 2);
        assertThat(lastTextTo(en)).isEqualTo(ORG + " alert: vote tonight. Reply STOP to opt out");
        assertThat(lastTextTo(es)).isEqualTo(ORG + ": Vote hoy\nResponda ALTO para cancelar");
    }

    @Test
    void theSegmentEstimateIsWhatTwilioIsSentAndThePreviewShowsEachLanguage() {
        Map<String, String> languageOf = new LinkedHashMap<>();
        languageOf.put(supporter("Ana", "en", "mixed"), "en");
        languageOf.put(supporter("Zoë", "en", "mixed"), "en"); // ë is not GSM-7: her text is UCS-2
        languageOf.put(supporter(null, "en", "mixed"), "en");
        languageOf.put(supporter("Bartholomew-Alexander", "en", "mixed"), "en");
        languageOf.put(supporter("Claire", "fr", "mixed"), "en"); // no French text: she gets the English one
        languageOf.put(supporter("María José", "es", "mixed"), "es");
        languageOf.put(supporter("Lupe", "es", "mixed"), "es");
        // About 120 characters before the name and footer: names and the footer decide 1, 2 or 3 segments.
        String en = "Hi {{firstName}}, ICE detainers are being honoured in your county. Call the sheriff today and ask "
                + "him to end 287(g) now.";
        String es = "Hola {{firstName}}, el sheriff colabora con ICE en su condado. Llame hoy y pida que termine el 287(g).";
        long id = create(staff, sms("mixed", en, es, ""));
        JsonNode estimate = staff.get("/api/v1/campaigns/" + id).json().get("estimatedSegments");

        JsonNode preview = staff.post("/api/v1/campaigns/" + id + "/preview", "").json();
        assertThat(preview.get("recipients").get("sms").get("en").asLong()).isEqualTo(5);
        assertThat(preview.get("recipients").get("sms").get("es").asLong()).isEqualTo(2);
        assertThat(preview.get("fallingBackToEn").get("sms").asLong()).isEqualTo(1);
        assertThat(preview.get("fallbacks").get("firstName").asLong()).isEqualTo(1);
        assertThat(preview.get("languages").get("en").get("sms").asText()).startsWith(ORG + ": Hi Ana, ICE");
        assertThat(preview.get("languages").get("es").get("sms").asText())
                .startsWith(ORG + ": Hola María José,").endsWith("Responda ALTO para cancelar");
        assertThat(preview.get("languages").get("es").get("complianceFooter").asBoolean()).isTrue();

        launchAndAwaitSent(id, languageOf.size());
        Map<String, Long> sent = new LinkedHashMap<>(Map.of("en", 0L, "es", 0L));
        languageOf.forEach((phone, language) -> sent.merge(language, (long) SmsSegments.count(lastTextTo(phone)).segments(), Long::sum));
        assertThat(estimate.get("byLanguage").get("en").asLong()).isEqualTo(sent.get("en"));
        assertThat(estimate.get("byLanguage").get("es").asLong()).isEqualTo(sent.get("es"));
        assertThat(estimate.get("total").asLong()).isEqualTo(sent.get("en") + sent.get("es"));
        assertThat(sent.get("en")).as("the names make the segment counts differ").isGreaterThan(5);
    }

    /** A large audience is sampled, not rendered whole on every look at the draft, and scaled up per language. */
    @Test
    void aLargeAudiencesEstimateIsASampleScaledToItsSize() {
        org.actionalerts.support.TestApp.jdbi(APP).useHandle(h -> h.execute("""
                INSERT INTO supporters (first_name, phone, language, sms_status, tags)
                SELECT 'Ana', '+1202' || lpad(g::text, 7, '0'), CASE WHEN g % 4 = 0 THEN 'es' ELSE 'en' END, 'subscribed',
                       ARRAY['sampled']
                  FROM generate_series(1, 30000) AS g"""));
        long id = create(staff, sms("sampled", "Hi {{firstName}}, call the sheriff", "Hola {{firstName}}, llame al sheriff", ""));
        JsonNode estimate = staff.get("/api/v1/campaigns/" + id).json().get("estimatedSegments");
        assertThat(estimate.get("exact").asBoolean()).isFalse();
        // Every text is one segment: the scaled estimate is the audience per language, give or take the sample.
        assertThat(estimate.get("byLanguage").get("en").asLong()).isBetween(21_000L, 24_000L);
        assertThat(estimate.get("byLanguage").get("es").asLong()).isBetween(6_900L, 8_100L);
    }
}
