package org.actionalerts.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.inbound.TwilioSignature;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.Axe;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.actionalerts.support.TwilioSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The campaign report page of the staff console in a real headless Chromium: a Take Action campaign sent through the
 * fake Twilio to four supporters in three counties, three delivered, two following their short links, one recorded
 * as having acted; staff sign in, open the campaign from the list and see the funnel the report API gives, the
 * hourly chart drawn by ECharts (served by the service) and the county table sorted by a header click.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReportPageBrowserTest {
    static final String PUBLIC = "http://alerts.example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "publicBaseUrl", PUBLIC, "actions.clickFlush", "20ms",
                    "assistance.retentionJob", "false"));
    static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC) + "/a/([A-Za-z0-9]{8,})");
    static final Path SHOTS = Path.of("target", "screenshots");
    static final String PASSWORD = "correct horse battery";
    static final String STAFF = "rae@example.org";
    static final String CAMPAIGN = "Call the sheriff about 287(g)";
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36";

    static Api admin;
    static Api staff;
    static long campaign;
    static Path profile;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void setUp() throws IOException {
        admin = TestApp.api(APP);
        staff = admin.withNewToken("staff");
        Api.Reply user = admin.post("/api/v1/users", "{\"name\": \"Rae Staff\", \"email\": \"" + STAFF + "\", \"role\": \"staff\","
                + " \"password\": \"" + PASSWORD + "\"}");
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        String[][] people = {
            {"Rosa", "+13015550901", "Frederick County"},
            {"Luis", "+13015550902", "Frederick County"},
            {"Ana", "+13015550903", "Montgomery County"},
            {"Kim", "+13015550904", "Allegany County"},
        };
        long[] ids = new long[people.length];
        for (int i = 0; i < people.length; i++) {
            Api.Reply r = staff.post("/api/v1/supporters", "{\"firstName\":\"" + people[i][0] + "\",\"phone\":\"" + people[i][1]
                    + "\",\"language\":\"en\",\"state\":\"MD\",\"county\":\"" + people[i][2] + "\",\"tags\":[\"report-page\"],"
                    + "\"smsOptIn\":true}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            ids[i] = r.json().get("id").asLong();
        }
        Api.Reply created = staff.post("/api/v1/campaigns", "{\"name\":\"" + CAMPAIGN + "\",\"actionUrl\":\"https://example.org/act\","
                + "\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"report-page\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Hi {{firstName}}, call the sheriff: {{actionUrl}}\"}}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        campaign = created.json().get("id").asLong();
        assertThat(staff.post("/api/v1/campaigns/" + campaign + "/launch", "").status()).isEqualTo(202);
        Await.until("the campaign completes", () -> "completed".equals(
                staff.get("/api/v1/campaigns/" + campaign).json().get("status").asText()));
        // Three delivered (Rosa, Luis, Ana); Rosa and Ana follow their links; Rosa came to the meeting.
        for (int i = 0; i < 3; i++) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("MessageSid", TWILIO.messagesTo(people[i][1]).get(0).sid());
            params.put("MessageStatus", "delivered");
            params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
            Api.Reply r = admin.as(null).sendWithHeader("/webhooks/twilio/status", "POST", "application/x-www-form-urlencoded",
                    IncomingTexts.form(params), TwilioSignature.HEADER,
                    TwilioSignatures.compute(FakeTwilio.AUTH_TOKEN, PUBLIC + "/webhooks/twilio/status", params));
            assertThat(r.status()).as(r.body()).isEqualTo(204);
        }
        for (String phone : List.of(people[0][1], people[2][1])) {
            Matcher m = LINK.matcher(TWILIO.messagesTo(phone).get(0).body());
            assertThat(m.find()).isTrue();
            Api.Reply followed = staff.as(null).sendWithHeader("/a/" + m.group(1), "GET", null, new byte[0], "User-Agent", BROWSER);
            assertThat(followed.status()).isEqualTo(302);
        }
        Api.Reply acted = staff.post("/api/v1/campaigns/" + campaign + "/actions",
                "{\"supporterId\":" + ids[0] + ",\"type\":\"attended\"}");
        assertThat(acted.status()).as(acted.body()).isEqualTo(201);
        Await.until("the report counts the clicks", () -> report().get("clicked").asInt() == 2);

        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("report-page-chromium");
        browser = StaffConsoleBrowserTest.chromium(profile, "1280,1200");
        wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    static JsonNode report() {
        Api.Reply r = staff.get("/api/v1/campaigns/" + campaign + "/report");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @AfterAll
    static void tearDown() throws IOException {
        TWILIO.close();
        org.actionalerts.support.Chromium.quit(browser, profile);
    }

    @Test
    void staffOpenTheReportFromTheListAndSeeTheFunnelTheChartAndASortableCountyTable() {
        JsonNode report = report();
        assertThat(report.get("recipients").asInt()).isEqualTo(4);
        assertThat(report.get("delivered").asInt()).isEqualTo(3);
        assertThat(report.get("clicked").asInt()).isEqualTo(2);
        assertThat(report.get("acted").asInt()).isEqualTo(1);

        browser.get("http://localhost:" + APP.getLocalPort() + "/console/");
        WebElement email = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        email.sendKeys(STAFF);
        browser.findElement(By.id("password-input")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "1 campaign"));
        browser.manage().logs().get(LogType.BROWSER); // only the report page's own messages from here
        browser.findElement(By.linkText(CAMPAIGN)).click();

        wait.until(ExpectedConditions.textToBe(By.id("status"), "Report loaded"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/report.html?campaign=" + campaign);
        assertThat(browser.findElement(By.id("campaign-name")).getText()).isEqualTo(CAMPAIGN);
        assertThat(text("f-recipients")).isEqualTo(report.get("recipients").asText());
        assertThat(text("f-delivered")).isEqualTo(report.get("delivered").asText());
        assertThat(text("f-clicked")).isEqualTo(report.get("clicked").asText());
        assertThat(text("f-acted")).isEqualTo(report.get("acted").asText());

        // ECharts (from the service's own WebJar path) drew the hourly chart on a canvas.
        wait.until(d -> !d.findElements(By.cssSelector("#hourly-chart canvas")).isEmpty());
        assertThat((Boolean) js("return typeof echarts === 'object' && echarts.version === '5.3.1'")).isTrue();
        assertThat(text("hourly-summary")).contains("4 sent, 2 clicked, 1 acted");

        // The county table, as the API gives it, sorted by a header click and reversed by a second one.
        assertThat(rows()).containsExactlyInAnyOrder(
                "MD\tAllegany County\t1\t0\t0\t0",
                "MD\tFrederick County\t2\t2\t1\t1",
                "MD\tMontgomery County\t1\t1\t1\t0");
        browser.findElement(By.cssSelector("button.sort[data-key=county]")).click();
        assertThat(rows()).extracting(r -> r.split("\t")[1])
                .containsExactly("Allegany County", "Frederick County", "Montgomery County");
        assertThat(browser.findElement(By.xpath("//button[@data-key='county']/..")).getAttribute("aria-sort")).isEqualTo("ascending");
        browser.findElement(By.cssSelector("button.sort[data-key=county]")).click();
        assertThat(rows()).extracting(r -> r.split("\t")[1])
                .containsExactly("Montgomery County", "Frederick County", "Allegany County");
        browser.findElement(By.cssSelector("button.sort[data-key=delivered]")).click();
        assertThat(rows()).extracting(r -> r.split("\t")[1])
                .containsExactly("Allegany County", "Montgomery County", "Frederick County");
        browser.findElement(By.cssSelector("button.sort[data-key=delivered]")).click();
        assertThat(rows().get(0)).startsWith("MD\tFrederick County\t2\t2");
        assertThat(browser.findElement(By.xpath("//button[@data-key='delivered']/..")).getAttribute("aria-sort"))
                .isEqualTo("descending");

        shot("report");
        assertThat(Axe.seriousViolations(browser)).as("accessibility of the report page").isEmpty();
        List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
                .toList();
        assertThat(violations).as("the report page keeps to its Content-Security-Policy").isEmpty();
    }

    /** The page and its library are the service's own files under the strict policy; the page writes no HTML. */
    @Test
    void servedUnderTheStrictPolicyWithTheLibraryFromTheService() {
        Api anonymous = admin.as(null);
        Api.Reply page = anonymous.get("/console/report.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(page.body()).contains("vendor/echarts/echarts.min.js", "report.js")
                .doesNotContain("<script>", "style=", "http://", "https://");
        Api.Reply library = anonymous.get("/console/vendor/echarts/echarts.min.js");
        assertThat(library.status()).isEqualTo(200);
        assertThat(library.header("Content-Type")).contains("javascript");
        Api.Reply script = anonymous.get("/console/report.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).doesNotContain("innerHTML", "insertAdjacentHTML", "http", "sessionStorage", "localStorage");
        // The data stay behind the session: without one the report API refuses.
        assertThat(anonymous.get("/api/v1/campaigns/" + campaign + "/report").status()).isEqualTo(401);
    }

    static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    @SuppressWarnings("unchecked")
    static List<String> rows() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#counties tr'), e => e.innerText);");
    }

    static void shot(String name) {
        try {
            File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(file.toPath(), SHOTS.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
