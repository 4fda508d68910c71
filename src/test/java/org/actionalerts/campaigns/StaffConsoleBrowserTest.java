package org.actionalerts.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.actionalerts.support.SessionClient;
import org.actionalerts.support.TestApp;
import org.actionalerts.support.TwilioSignatures;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The staff console at /console in a real headless Chromium: staff sign in with email and password and see their
 * campaigns with live counts (a campaign really sent through the fake Twilio, with delivery reports and a reply);
 * an attorney who signs in there is told the page is for staff and sees no campaign. Needs Debian's chromium and
 * chromium-driver, and axe-core for the accessibility check, which .ci/run installs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StaffConsoleBrowserTest {
    static final String PUBLIC = "http://alerts.example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null,
                    "publicBaseUrl", PUBLIC,
                    "assistance.retentionJob", "false"));
    static final Path SHOTS = Path.of("target", "screenshots");
    static final String PASSWORD = "correct horse battery";
    static final String STAFF = "sam@example.org";
    static final String ATTORNEY = "ana@example.org";
    static final String CAMPAIGN = "Call the county board about 287(g)";

    static Api admin;
    static Jdbi jdbi;
    static Path profile;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void setUp() throws IOException {
        admin = TestApp.api(APP);
        jdbi = TestApp.jdbi(APP);
        Api.Reply staff = admin.post("/api/v1/users", "{\"name\": \"Sam Staff\", \"email\": \"" + STAFF + "\", \"role\": \"staff\","
                + " \"password\": \"" + PASSWORD + "\"}");
        assertThat(staff.status()).as(staff.body()).isEqualTo(201);
        Api.Reply attorney = admin.post("/api/v1/users", "{\"name\": \"Ana Attorney\", \"email\": \"" + ATTORNEY + "\","
                + " \"role\": \"attorney\", \"queues\": [\"state-local-advocacy\"], \"password\": \"" + PASSWORD + "\"}");
        assertThat(attorney.status()).as(attorney.body()).isEqualTo(201);
        sentCampaign();
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("staff-console-chromium");
        browser = chromium(profile, "1280,900");
        wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    /**
     * A campaign to three supporters, sent through the fake Twilio; Twilio reports two of the texts delivered and
     * one supporter answers: recipients 3, delivered 2, replies 1.
     */
    static void sentCampaign() {
        Api staffToken = admin.withNewToken("staff");
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String phone = String.format("+1301555%04d", 7100 + i);
            Api.Reply r = staffToken.post("/api/v1/supporters", "{\"firstName\":\"Ana\",\"phone\":\"" + phone
                    + "\",\"tags\":[\"county-board\"],\"smsOptIn\":true}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            phones.add(phone);
        }
        Api.Reply created = staffToken.post("/api/v1/campaigns", "{\"name\":\"" + CAMPAIGN + "\",\"channels\":[\"sms\"],"
                + "\"audience\":{\"tags\":[\"county-board\"]},\"sms\":{\"body\":{\"en\":\"Call the county board today\"}}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        Api.Reply launched = staffToken.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]);
        assertThat(launched.status()).as(launched.body()).isEqualTo(202);
        Await.until("the campaign completes", () -> "completed".equals(
                staffToken.get("/api/v1/campaigns/" + id).json().get("status").asText()));
        for (String phone : phones.subList(0, 2)) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("MessageSid", TWILIO.messagesTo(phone).get(0).sid());
            params.put("MessageStatus", "delivered");
            params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
            Api.Reply r = admin.as(null).sendWithHeader("/webhooks/twilio/status", "POST", "application/x-www-form-urlencoded",
                    IncomingTexts.form(params), TwilioSignature.HEADER,
                    TwilioSignatures.compute(FakeTwilio.AUTH_TOKEN, PUBLIC + "/webhooks/twilio/status", params));
            assertThat(r.status()).as(r.body()).isEqualTo(204);
        }
        String sid = "SM" + "c0ffee".repeat(5) + "00";
        Api.Reply reply = IncomingTexts.post(admin, PUBLIC, IncomingTexts.text(sid, phones.get(0), "I called, they listened"), true);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        IncomingTexts.awaitProcessed(jdbi, sid);
        Await.until("the stats show the reply", () -> staffToken.get("/api/v1/campaigns/" + id).json()
                .get("stats").get("replies").asInt() == 1);
    }

    /** Debian's Chromium, headless, with a fresh profile, logging the console (to see CSP violations). */
    static WebDriver chromium(Path profile, String windowSize) {
        return org.actionalerts.support.Chromium.start(profile, windowSize);
    }

    @AfterAll
    static void tearDown() throws IOException {
        org.actionalerts.support.Chromium.quit(browser, profile);
    }

    @BeforeEach
    void signedOut() {
        open();
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    @Test
    void staffSignInAndSeeTheirCampaignsWithItsCountsAndSigningOutEndsTheSession() {
        browser.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        open();
        assertThat(Axe.seriousViolations(browser)).as("accessibility of the sign-in form").isEmpty();
        signIn(STAFF);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "1 campaign"));
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("Signed in as Sam Staff (staff)");
        assertThat(browser.findElement(By.id("password-input")).getAttribute("value")).isEmpty();
        assertThat(textsIn("#campaigns-table thead th")).containsExactly("Name", "Status", "Recipients", "Delivered", "Replies");
        assertThat(textsIn("#campaigns tr")).containsExactly(String.join("\t", CAMPAIGN, "completed", "3", "2", "1"));
        assertThat((Long) ((JavascriptExecutor) browser).executeScript("return sessionStorage.length + localStorage.length")).isZero();
        assertThat(browser.manage().getCookieNamed("aa_session").isHttpOnly()).isTrue();
        assertThat(Axe.seriousViolations(browser)).as("accessibility of the campaign list").isEmpty();
        List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
                .toList();
        assertThat(violations).as("the page keeps to its Content-Security-Policy").isEmpty();
        shot("campaigns");

        // The session, not the page, remembers her across a reload.
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "1 campaign"));

        // Usable at 375 px: the table scrolls inside its box, the page itself does not scroll sideways.
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(375, 800));
        wait.until(d -> ((Long) ((JavascriptExecutor) d).executeScript("return window.innerWidth")) <= 400);
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        assertThat(Axe.seriousViolations(browser)).as("accessibility at 375 px").isEmpty();
        shot("campaigns-375");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

        // Signing out ends the session on the server: the old cookie no longer opens the API.
        String cookie = browser.manage().getCookieNamed("aa_session").getValue();
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed out."));
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        assertThat(browser.manage().getCookieNamed("aa_session")).isNull();
        assertThat(pageText()).doesNotContain(CAMPAIGN);
        Api.Reply stale = admin.as(null).sendWithHeader("/api/v1/campaigns", "GET", null, new byte[0], "Cookie", "aa_session=" + cookie);
        assertThat(stale.status()).isEqualTo(401);
        // Opened again, the page asks the server, which knows no session: the sign-in form, no campaign.
        open();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        assertThat(pageText()).doesNotContain(CAMPAIGN);
    }

    @Test
    void anAttorneyIsToldTheConsoleIsForStaffAndSeesNoCampaign() {
        open();
        signIn(ATTORNEY);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "This console is for staff"));
        assertThat(browser.findElement(By.id("who")).getText()).contains("Ana Attorney (attorney)", "/queue");
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#campaigns tr"))).isEmpty();
        assertThat(pageText()).doesNotContain(CAMPAIGN);
        assertThat(Axe.seriousViolations(browser)).isEmpty();
        shot("attorney");

        // Not just the page: the API refuses the attorney the campaigns.
        SessionClient session = new SessionClient("http://localhost:" + APP.getLocalPort(), "198.51.100.7");
        assertThat(session.signIn(ATTORNEY, PASSWORD).status()).isEqualTo(200);
        Api.Reply refused = session.get("/api/v1/campaigns");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(CAMPAIGN);

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed out."));
        assertThat(browser.manage().getCookieNamed("aa_session")).isNull();
    }

    /** Served like the queue page: under the strict policy, its script writing no HTML and keeping nothing in storage. */
    @Test
    void servedUnderTheStrictPolicyWithAScriptThatWritesNoHtml() {
        Api anonymous = admin.as(null);
        Api.Reply page = anonymous.get("/console/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'");
        assertThat(page.body()).contains("<html lang=\"en\">", "console.js", "<label for=\"email\">", "<label for=\"password-input\">")
                .doesNotContain("<script>", "style=", "http://", "https://");
        Api.Reply script = anonymous.get("/console/console.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).doesNotContain("innerHTML", "insertAdjacentHTML", "http", "sessionStorage", "localStorage",
                "Authorization");
    }

    /** The check itself: a field without a label, added to the page, is reported as a critical violation. */
    @Test
    void theAccessibilityCheckReportsAFieldWithoutALabel() {
        open();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        ((JavascriptExecutor) browser).executeScript(
                "const i = document.createElement('input'); i.id = 'unlabelled'; document.querySelector('main').appendChild(i);");
        assertThat(Axe.seriousViolations(browser)).anySatisfy(v -> assertThat(v).startsWith("label (critical)").contains("#unlabelled"));
    }

    static void open() {
        browser.get("about:blank");
        browser.get("http://localhost:" + APP.getLocalPort() + "/console/");
    }

    static void signIn(String email) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        field.clear();
        field.sendKeys(email);
        browser.findElement(By.id("password-input")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    /** The visible texts of every element matching {@code css}, read in one step in the page. */
    @SuppressWarnings("unchecked")
    static List<String> textsIn(String css) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText);", css);
    }

    static String pageText() {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.body.textContent");
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
