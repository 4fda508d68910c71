package org.actionalerts.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Take Action end to end through the fake Twilio: the text carries the recipient's short link, following it
 * redirects with UTM parameters and counts one click per person (HEAD and preview fetchers count none), a DONE reply
 * and a hand-recorded action count as acted, the report and its CSV say what happened, and a follow-up reaches
 * exactly those who did not act.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TakeActionTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "publicBaseUrl", PUBLIC, "actions.clickFlush", "20ms",
                    "actions.thankYou.enabled", "true"));
    static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC) + "/a/([A-Za-z0-9]{10})");
    static Api staff;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    static long supporter(String firstName, String phone, String language, String county, String tag) {
        Api.Reply r = staff.post("/api/v1/supporters", "{\"firstName\":" + json(firstName) + ",\"phone\":\"" + phone
                + "\",\"language\":\"" + language + "\",\"state\":\"MD\",\"county\":\"" + county + "\",\"tags\":[\""
                + tag + "\"],\"smsOptIn\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static long campaign(String tag, String audienceExtra, String actionUrl) {
        Api.Reply r = staff.post("/api/v1/campaigns", "{\"name\":\"" + tag + "\",\"actionUrl\":\"" + actionUrl + "\","
                + "\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"" + tag + "\"]" + audienceExtra + "},"
                + "\"sms\":{\"body\":{\"en\":\"Hi {{firstName}}, call the sheriff: {{actionUrl}}\","
                + "\"es\":\"Hola {{firstName}}, llame al alguacil: {{actionUrl}}\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static void launchAndAwait(long campaign, int texts) {
        assertThat(staff.post("/api/v1/campaigns/" + campaign + "/launch", "").status()).isEqualTo(202);
        Await.until("the texts are sent", () -> staff.get("/api/v1/campaigns/" + campaign).json()
                .get("stats").get("sent").asInt() == texts);
    }

    static String code(String phone) {
        List<FakeTwilio.Received> texts = TWILIO.messagesTo(phone);
        Matcher m = LINK.matcher(texts.get(texts.size() - 1).body());
        assertThat(m.find()).as(texts.get(texts.size() - 1).body()).isTrue();
        return m.group(1);
    }

    static Api.Reply follow(String code, String userAgent) {
        return staff.as(null).sendWithHeader("/a/" + code, "GET", null, new byte[0], "User-Agent", userAgent);
    }

    static JsonNode report(long campaign) {
        Api.Reply r = staff.get("/api/v1/campaigns/" + campaign + "/report");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static int clicks(String code) {
        return jdbi.withHandle(h -> h.createQuery("SELECT clicks FROM action_links WHERE code = :c").bind("c", code)
                .mapTo(Integer.class).one());
    }

    static final String BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    @Test
    void aTakeActionCampaignIsMeasuredFromTextToActionAndFollowedUp() {
        long rosa = supporter("Rosa", "+13015550801", "en", "Frederick County", "ta1");
        long maria = supporter("María", "+13015550802", "es", "Montgomery County", "ta1");
        long evil = supporter("=HYPERLINK(\"http://evil.example\",\"x\")", "+13015550803", "en", "Frederick County", "ta1");
        long campaign = campaign("ta1", "", "https://example.org/act/287g?ref=alert#call");
        launchAndAwait(campaign, 3);

        // Each text carries its recipient's own short link, never the raw URL.
        String rosaCode = code("+13015550801");
        String mariaCode = code("+13015550802");
        String evilCode = code("+13015550803");
        assertThat(TWILIO.messagesTo("+13015550801").get(0).body())
                .isEqualTo("Hi Rosa, call the sheriff: " + PUBLIC + "/a/" + rosaCode)
                .doesNotContain("example.org/act");
        assertThat(List.of(rosaCode, mariaCode, evilCode)).doesNotHaveDuplicates();

        // Following it redirects to the action URL with the UTM parameters, its own query and fragment kept.
        Api.Reply first = follow(rosaCode, BROWSER);
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.header("Location")).isEqualTo("https://example.org/act/287g?ref=alert&utm_source=sms"
                + "&utm_medium=action-alert&utm_campaign=" + campaign + "#call");
        // No open redirect: nothing in the request changes where it leads (and this click counts too).
        Api.Reply steered = staff.as(null).sendWithHeader("/a/" + rosaCode + "?url=https://evil.example&next=//evil.example",
                "GET", null, new byte[0], "User-Agent", BROWSER);
        assertThat(steered.header("Location")).isEqualTo(first.header("Location"));
        // A HEAD and a link-preview fetcher redirect too, and count nothing.
        Api.Reply head = staff.as(null).send("/a/" + mariaCode, "HEAD", null, new byte[0]);
        assertThat(head.status()).isEqualTo(302);
        assertThat(follow(mariaCode, "facebookexternalhit/1.1 Facebot Twitterbot/1.0").status()).isEqualTo(302);
        assertThat(follow(mariaCode, "WhatsApp/2.23.20.0").status()).isEqualTo(302);

        Await.until("Rosa's clicks are written", () -> clicks(rosaCode) == 2);
        assertThat(clicks(mariaCode)).isZero();
        assertThat(report(campaign).get("clicked").asInt()).isEqualTo(1);

        // Unknown codes: a small page, nothing of the request in it.
        Api.Reply unknown = follow("ZZZZZZZZZZ", BROWSER);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("text/html");
        assertThat(unknown.body()).doesNotContain("ZZZZZZZZZZ");
        assertThat(follow("%3Cscript%3E", BROWSER).status()).isEqualTo(404);

        // María answers "¡Listo!": an action reply (and a thank-you, configured here).
        Api.Reply reply = IncomingTexts.post(staff, PUBLIC, IncomingTexts.text("SMta1maria", "+13015550802", "¡Listo!"), true);
        assertThat(reply.status()).isEqualTo(200);
        IncomingTexts.awaitProcessed(jdbi, "SMta1maria");
        Await.until("María is thanked", () -> TWILIO.messagesTo("+13015550802").size() == 2);
        assertThat(TWILIO.messagesTo("+13015550802").get(1).body()).isEqualTo("¡Gracias por actuar!");

        // The sign-in sheet says Rosa came; recording it again changes nothing.
        String action = "{\"supporterId\":" + rosa + ",\"type\":\"attended\",\"note\":\"county board meeting\"}";
        Api.Reply recorded = staff.post("/api/v1/campaigns/" + campaign + "/actions", action);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.json().get("source").asText()).isEqualTo("staff");
        Api.Reply again = staff.post("/api/v1/campaigns/" + campaign + "/actions", action);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(recorded.json().get("id").asLong());
        assertThat(staff.post("/api/v1/campaigns/" + campaign + "/actions",
                "{\"supporterId\":" + rosa + ",\"type\":\"dance\"}").status()).isEqualTo(422);
        assertThat(staff.post("/api/v1/campaigns/999999/actions", action).status()).isEqualTo(404);

        JsonNode supporter = staff.get("/api/v1/supporters/" + rosa).json();
        assertThat(supporter.get("actionCount").asInt()).isEqualTo(1);
        assertThat(supporter.get("lastActionAt").isTextual()).isTrue();
        assertThat(staff.get("/api/v1/supporters/" + evil).json().get("actionCount").asInt()).isZero();

        JsonNode report = report(campaign);
        assertThat(report.get("recipients").asInt()).isEqualTo(3);
        assertThat(report.get("sent").asInt()).isEqualTo(3);
        assertThat(report.get("failed").asInt()).isZero();
        assertThat(report.get("clicked").asInt()).isEqualTo(1);
        assertThat(report.get("acted").asInt()).isEqualTo(2);
        assertThat(report.get("replied").asInt()).isEqualTo(1);
        assertThat(report.get("optedOut").asInt()).isZero();
        assertThat(report.get("byLanguage").get("en").get("recipients").asInt()).isEqualTo(2);
        assertThat(report.get("byLanguage").get("en").get("clicked").asInt()).isEqualTo(1);
        assertThat(report.get("byLanguage").get("en").get("acted").asInt()).isEqualTo(1);
        assertThat(report.get("byLanguage").get("es").get("recipients").asInt()).isEqualTo(1);
        assertThat(report.get("byLanguage").get("es").get("acted").asInt()).isEqualTo(1);
        assertThat(report.get("byLanguage").get("es").get("replied").asInt()).isEqualTo(1);
        JsonNode frederick = county(report, "Frederick County");
        assertThat(frederick.get("state").asText()).isEqualTo("MD");
        assertThat(frederick.get("recipients").asInt()).isEqualTo(2);
        assertThat(frederick.get("clicked").asInt()).isEqualTo(1);
        assertThat(frederick.get("acted").asInt()).isEqualTo(1);
        JsonNode montgomery = county(report, "Montgomery County");
        assertThat(montgomery.get("recipients").asInt()).isEqualTo(1);
        assertThat(montgomery.get("clicked").asInt()).isZero();
        assertThat(montgomery.get("acted").asInt()).isEqualTo(1);
        int hourlySent = 0;
        int hourlyClicked = 0;
        int hourlyActed = 0;
        for (JsonNode hour : report.get("hourly")) {
            hourlySent += hour.get("sent").asInt();
            hourlyClicked += hour.get("clicked").asInt();
            hourlyActed += hour.get("acted").asInt();
        }
        assertThat(List.of(hourlySent, hourlyClicked, hourlyActed)).containsExactly(3, 1, 2);

        // The CSV: one row per recipient, the contract's columns, a formula-like name made text.
        Api.Reply csv = staff.get("/api/v1/campaigns/" + campaign + "/report.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("supporter_id,first_name,state,county,channel,status,error_code,clicked_at,"
                + "acted_at,replied_at,opted_out_at");
        assertThat(lines).hasSize(4);
        assertThat(csv.body()).contains(evil + ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",MD,Frederick County,sms,");
        assertThat(csv.body()).doesNotContain(",=HYPERLINK").doesNotContain(",\"=HYPERLINK");

        // The follow-up goes to exactly those who have not acted: the =HYPERLINK supporter.
        long followUp = campaign("ta1", ",\"engagement\":{\"campaignId\":" + campaign + ",\"acted\":false}",
                "https://example.org/act/287g");
        assertThat(staff.get("/api/v1/campaigns/" + followUp).json().get("audienceSize").get("sms").asInt()).isEqualTo(1);
        launchAndAwait(followUp, 1);
        assertThat(TWILIO.messagesTo("+13015550803")).hasSize(2);
        assertThat(TWILIO.messagesTo("+13015550801")).hasSize(1);
        long clickedFollowUp = campaign("ta1", ",\"engagement\":{\"campaignId\":" + campaign + ",\"clicked\":true}",
                "https://example.org/act/287g");
        assertThat(staff.get("/api/v1/campaigns/" + clickedFollowUp).json().get("audienceSize").get("sms").asInt()).isEqualTo(1);
        assertThat(staff.post("/api/v1/campaigns", "{\"name\":\"x\",\"channels\":[\"sms\"],\"audience\":{\"engagement\":"
                + "{\"campaignId\":999999,\"acted\":false}},\"sms\":{\"body\":{\"en\":\"Hi\"}}}").status()).isEqualTo(422);
    }

    @Test
    void previewsAndTestSendsUseAShortLinkAndTrackLinksFalseKeepsTheRawUrl() {
        long person = supporter("Ana", "+13015550811", "en", "Frederick County", "ta2");
        long campaign = campaign("ta2", "", "https://example.org/act");
        JsonNode preview = staff.post("/api/v1/campaigns/" + campaign + "/preview", "{\"supporterId\":" + person + "}").json();
        assertThat(preview.get("sms").asText()).matches("Hi Ana, call the sheriff: " + Pattern.quote(PUBLIC) + "/a/[A-Za-z0-9]{10}");

        assertThat(staff.post("/api/v1/campaigns/" + campaign + "/test", "{\"phone\":\"+13015550899\"}").status()).isEqualTo(202);
        Await.until("the test text is sent", () -> !TWILIO.messagesTo("+13015550899").isEmpty());
        String testCode = code("+13015550899");
        assertThat(follow(testCode, BROWSER).status()).isEqualTo(302);
        assertThat(report(campaign).get("clicked").asInt()).isZero();

        Api.Reply raw = staff.post("/api/v1/campaigns", "{\"name\":\"raw\",\"actionUrl\":\"https://example.org/raw\","
                + "\"trackLinks\":false,\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"ta2\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Act: {{actionUrl}}\"}}}");
        assertThat(raw.json().get("trackLinks").asBoolean()).isFalse();
        long rawId = raw.json().get("id").asLong();
        launchAndAwait(rawId, 1);
        assertThat(TWILIO.messagesTo("+13015550811").get(0).body()).isEqualTo("Act: https://example.org/raw");
    }

    @Test
    void actionsImportFromCsvKeepsGoodRowsAndRejectsBadOnesByLine() {
        long one = supporter("Luz", "+13015550821", "es", "Frederick County", "ta3");
        long two = supporter("Eva", "+13015550822", "en", "Frederick County", "ta3");
        long campaign = campaign("ta3", "", "https://example.org/act");
        String csv = "phone,email,type,note\n"
                + "(301) 555-0821,,attended,sign-in sheet\n"
                + "+13015559999,,attended,\n"
                + "+13015550822,,dance,\n"
                + "301-555-0822,,signed,\n"
                + "+13015550821,,attended,twice\n";
        Api.Reply r = staff.postCsv("/api/v1/campaigns/" + campaign + "/actions/import", csv);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("recorded").asInt()).isEqualTo(2);
        assertThat(r.json().get("alreadyRecorded").asInt()).isEqualTo(1);
        assertThat(r.json().get("rejected")).hasSize(2);
        assertThat(r.json().get("rejected").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(r.json().get("rejected").get(1).get("line").asInt()).isEqualTo(4);
        assertThat(r.body()).doesNotContain("5559999");
        assertThat(report(campaign).get("acted").asInt()).isEqualTo(2);
        assertThat(staff.get("/api/v1/supporters/" + one).json().get("actionCount").asInt()).isEqualTo(1);
        assertThat(staff.get("/api/v1/supporters/" + two).json().get("actionCount").asInt()).isEqualTo(1);
    }

    @Test
    void anUnterminatedQuoteInAnActionsCsvKeepsTheRowsBeforeItAndRejectsItsLine() {
        long kept = supporter("Rosa", "+13015550831", "es", "Frederick County", "ta4");
        supporter("Ines", "+13015550832", "es", "Frederick County", "ta4");
        long campaign = campaign("ta4", "", "https://example.org/act");
        String csv = "phone,type,note\n"
                + "+13015550831,attended,front row\n"
                + "+13015550832,attended,\"never closed\n"
                + "+13015550833,attended,lost\n";
        Api.Reply r = staff.postCsv("/api/v1/campaigns/" + campaign + "/actions/import", csv);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("recorded").asInt()).isEqualTo(1);
        assertThat(r.json().get("rejected")).hasSize(1);
        assertThat(r.json().get("rejected").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(r.json().get("rejected").get(0).get("reason").asText()).containsIgnoringCase("quote");
        assertThat(r.body()).doesNotContain("never closed").doesNotContain("5550832");
        assertThat(staff.get("/api/v1/supporters/" + kept).json().get("actionCount").asInt()).isEqualTo(1);
    }

    static JsonNode county(JsonNode report, String county) {
        for (JsonNode c : report.get("byCounty")) {
            if (county.equals(c.get("county").asText())) {
                return c;
            }
        }
        throw new AssertionError("no " + county + " in " + report);
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
