package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Axe;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The attorneys' queue page in a real headless Chromium, used the way an attorney uses it: sign in with email and
 * password, read the queue, claim, reply, note, resolve, sign out. Needs Debian's chromium and chromium-driver
 * (/usr/bin/chromium, /usr/bin/chromedriver), which .ci/run installs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueuePageBrowserTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            "dispatcher.enabled", "false",
            "assistance.retentionJob", "false",
            "assistance.helpRequests.perClient", "100");
    static final String MARKUP = "<img src=x onerror=alert(1)>";
    static final AtomicInteger PHONES = new AtomicInteger(200);

    static final String EMAIL = "ana@example.org";
    static final String PASSWORD = "correct horse battery";
    static Api admin;
    static Jdbi jdbi;
    static Path profile;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void setUp() throws IOException {
        admin = TestApp.api(APP);
        jdbi = TestApp.jdbi(APP);
        admin.post("/api/v1/users", """
                {"name": "Ana Attorney", "email": "ana@example.org", "role": "attorney",
                 "queues": ["state-local-advocacy"], "password": "correct horse battery"}""");
        admin.post("/api/v1/users", """
                {"name": "Front Desk", "email": "desk@example.org", "role": "staff", "password": "correct horse battery"}""");

        profile = Files.createTempDirectory("queue-page-chromium");
        browser = chromium(profile, "1280,1000");
        wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    /** Debian's Chromium, headless, with a fresh profile, logging the console (to see CSP violations). */
    static WebDriver chromium(Path profile, String windowSize) {
        return org.actionalerts.support.Chromium.start(profile, windowSize);
    }

    @AfterAll
    static void tearDown() throws IOException {
        org.actionalerts.support.Chromium.quit(browser, profile);
    }

    /** Each test starts with an empty queue and a browser that is signed in nowhere. */
    @BeforeEach
    void emptyQueueAndSignedOut() {
        jdbi.useHandle(h -> h.execute("UPDATE cases SET status = 'resolved', resolved_at = now() WHERE status <> 'resolved'"));
        open("");
        browser.manage().deleteAllCookies();
    }

    /** The page is served with a strict policy (no inline script or style): it must work, and break no rule of it. */
    @Test
    void thePageWorksUnderItsContentSecurityPolicy() {
        browser.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        open("");
        signIn(EMAIL, PASSWORD);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "0 open cases"));
        Object policy = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(location.href).then(r => done(r.headers.get('content-security-policy')));");
        assertThat((String) policy).contains("default-src 'self'", "frame-ancestors 'none'");
        List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
                .toList();
        assertThat(violations).isEmpty();
    }

    @Test
    void anAttorneySignsInReadsTheQueueUrgentFirstClaimsRepliesAddsANoteAndResolves() {
        // Opened within one second: the page must order them by time, not by how the timestamps happen to be written.
        ClockedApplication.CLOCK.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String older = helpRequest("Marta Ruiz", "Our county is about to sign a 287(g) agreement");
        ClockedApplication.CLOCK.advance(Duration.ofMillis(250));
        String urgent = helpRequest("Luis Ortega", "My brother was detained this morning " + MARKUP);
        ClockedApplication.CLOCK.advance(Duration.ofMillis(250));
        String newer = helpRequest("Ines Baca", "Does the sheriff honour ICE holds?");

        open("");
        assertThat(visible("login")).isTrue();
        signIn(EMAIL, PASSWORD);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "3 open cases"));
        assertThat(visible("login")).isFalse();
        assertThat(browser.findElement(By.id("password-input")).getAttribute("value")).as("the password field is emptied").isEmpty();
        assertNothingInScriptStorage();
        assertThat(column(0)).containsExactly(urgent, older, newer);
        assertThat(column(1)).containsExactly("urgent", "normal", "normal");
        assertThat(column(4)).containsOnly("new");

        // She reads the urgent case first: what the requester wrote is shown as they wrote it, never run as markup.
        browser.findElement(By.linkText(urgent)).click();
        wait.until(ExpectedConditions.textToBe(By.id("case-title"), "Case " + urgent + " (urgent)"));
        assertThat(fact("Requester")).isEqualTo("Luis Ortega");
        assertThat(fact("Status")).isEqualTo("new");
        assertThat(fact("Assignee")).isEqualTo("—");
        assertThat(textsIn(browser, "#thread li").get(0)).startsWith("From requester · web · ")
                .endsWith("\nMy brother was detained this morning " + MARKUP);
        assertThat(browser.findElements(By.cssSelector("img"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        // Claiming the next case gives her the one she is reading; the page shows it as hers.
        browser.findElement(By.id("claim")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "You claimed " + urgent + "."));
        wait.until(ExpectedConditions.textToBe(factAt("Assignee"), "Ana Attorney"));
        assertThat(fact("Status")).isEqualTo("assigned");
        assertThat(column(7)).containsExactly("Ana Attorney", "—", "—");
        assertThat(column(4)).containsExactly("assigned", "new", "new");

        // A reply joins the thread as hers, by text, queued for sending.
        browser.findElement(By.id("reply-body")).sendKeys("Luis, we are calling the jail now. Do not sign anything.");
        assertThat(new Select(browser.findElement(By.id("reply-channel")))
                .getFirstSelectedOption().getText()).isEqualTo("Text (SMS)");
        browser.findElement(By.cssSelector("#reply-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Reply queued."));
        assertThat(lastTextIn(browser, "#thread li")).startsWith("To requester — Ana Attorney · sms · ").contains(" · queued")
                .endsWith("\nLuis, we are calling the jail now. Do not sign anything.");
        assertThat(browser.findElement(By.id("reply-body")).getAttribute("value")).isEmpty();

        // A note is listed under internal notes, with her name, also as text.
        browser.findElement(By.id("note-body")).sendKeys("Called the family; <b>A-number</b> pending");
        browser.findElement(By.cssSelector("#note-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Note added."));
        assertThat(lastTextIn(browser, "#notes li")).startsWith("Ana Attorney, ").endsWith(": Called the family; <b>A-number</b> pending");
        assertThat(browser.findElements(By.cssSelector("#notes b"))).isEmpty();

        // The session (not the page) remembers her and the case across a reload.
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("case-title"), "Case " + urgent + " (urgent)"));
        assertThat(lastTextIn(browser, "#thread li")).endsWith("Do not sign anything.");
        assertThat(lastTextIn(browser, "#notes li")).endsWith("pending");

        // Resolving takes the case off the open list.
        browser.findElement(By.cssSelector("#status-buttons button[data-status=resolved]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Case " + urgent + " is now resolved."));
        assertThat(fact("Status")).isEqualTo("resolved");
        assertThat(column(0)).containsExactly(older, newer);
        assertNothingInScriptStorage();
    }

    /** axe-core finds no serious or critical violation: signed out, the queue, an urgent case open, at 375 px too. */
    @Test
    void thePageHasNoSeriousOrCriticalAccessibilityViolation() {
        String urgent = helpRequest("Luis Ortega", "My brother was detained this morning");
        helpRequest("Marta Ruiz", "Our county is about to sign a 287(g) agreement");
        open("");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        assertThat(Axe.seriousViolations(browser)).as("the sign-in form").isEmpty();
        signIn(EMAIL, PASSWORD);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "2 open cases"));
        assertThat(Axe.seriousViolations(browser)).as("the queue").isEmpty();
        browser.findElement(By.linkText(urgent)).click();
        wait.until(ExpectedConditions.textToBe(By.id("case-title"), "Case " + urgent + " (urgent)"));
        browser.findElement(By.id("password-toggle")).click();
        assertThat(Axe.seriousViolations(browser)).as("a case open, and the password form").isEmpty();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(375, 800));
        try {
            assertThat(Axe.seriousViolations(browser)).as("at 375 px").isEmpty();
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    /** No token, secret or CSRF token in any storage a script can read; the session cookie is HttpOnly. */
    static void assertNothingInScriptStorage() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat((Long) js.executeScript("return sessionStorage.length + localStorage.length")).isZero();
        assertThat((String) js.executeScript("return document.cookie")).doesNotContain("aa_session");
        assertThat(browser.manage().getCookieNamed("aa_session")).as("the browser holds the session cookie").isNotNull();
        assertThat(browser.manage().getCookieNamed("aa_session").isHttpOnly()).isTrue();
        assertThat(browser.manage().getCookieNamed("aa_session").getSameSite()).isEqualTo("Strict");
    }

    @Test
    void aWrongPasswordAsksAgainAndSigningOutEndsTheSessionAndForgetsTheCase() {
        String reference = helpRequest("Rosa Lima", "ICE came to my neighbour's house");
        open("");
        signIn(EMAIL, "not the password");
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Wrong email or password."));
        assertThat(visible("login")).isTrue();
        assertThat(visible("app")).isFalse();
        assertThat(browser.manage().getCookieNamed("aa_session")).isNull();

        signIn(EMAIL, PASSWORD);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "1 open case"));
        assertThat(browser.findElement(By.id("login-error")).getText()).as("the refusal is no longer shown").isEmpty();
        browser.findElement(By.linkText(reference)).click();
        wait.until(ExpectedConditions.textToBe(factAt("Requester"), "Rosa Lima"));

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed out."));
        assertThat(visible("login")).isTrue();
        assertThat(browser.manage().getCookieNamed("aa_session")).isNull();
        assertThat(pageText()).doesNotContain("Rosa Lima", reference);
        // The back button brings back nothing of the case: the page asks the server, which knows no session.
        browser.navigate().back();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(pageText()).doesNotContain("Rosa Lima", reference);

        // Someone else signs in at the same screen, a staff member who may not see cases: nothing of Rosa's shows.
        signIn("desk@example.org", PASSWORD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "your role does not allow this"));
        assertThat(visible("app")).isFalse();
        assertThat(visible("detail")).isFalse();
        assertThat(pageText()).doesNotContain("Rosa Lima", reference);
    }

    /** A request for help through the public form, as a requester sends it; returns the case reference. */
    static String helpRequest(String name, String message) {
        Api.Reply r = admin.as(null).post("/api/v1/help-requests", "{\"name\": \"" + name + "\", \"phone\": \"+1301555"
                + String.format("%04d", PHONES.incrementAndGet()) + "\", \"state\": \"MD\", \"message\": \"" + message + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("reference").asText();
    }

    static String page(String hash) {
        return "http://localhost:" + APP.getLocalPort() + "/queue/" + hash;
    }

    /** Loads the page afresh (not just a hash change), in the same tab, so session storage is kept. */
    static void open(String hash) {
        browser.get("about:blank");
        browser.get(page(hash));
    }

    static void signIn(String email, String password) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        field.clear();
        field.sendKeys(email);
        browser.findElement(By.id("password-input")).sendKeys(password);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    static boolean visible(String id) {
        return browser.findElement(By.id(id)).isDisplayed();
    }

    /** The visible text of one column of the open-cases table, top to bottom. */
    static List<String> column(int index) {
        return browser.findElements(By.cssSelector("#cases tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).get(index).getText()).toList();
    }

    /** What the case detail shows for a term ("Status", "Requester", ...). */
    static String fact(String term) {
        return browser.findElement(factAt(term)).getText();
    }

    static By factAt(String term) {
        return By.xpath("//dl[@id='case-facts']/dt[.='" + term + "']/following-sibling::dd[1]");
    }

    /**
     * The visible text of the last element matching {@code css}, read in one step in the page: the page redraws a
     * thread while it polls, so a WebElement found a moment before can be gone by the time its text is asked for.
     */
    static String lastTextIn(WebDriver driver, String css) {
        Object text = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "const all = document.querySelectorAll(arguments[0]); return all.length ? all[all.length - 1].innerText : null;",
                css);
        assertThat(text).as(css).isNotNull();
        return (String) text;
    }

    /** The visible texts of every element matching {@code css}, read in one step (see {@link #lastTextIn}). */
    @SuppressWarnings("unchecked")
    static List<String> textsIn(WebDriver driver, String css) {
        return (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText);", css);
    }

    /** Everything in the page's DOM as text, shown or hidden. */
    static String pageText() {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.body.textContent");
    }
}
