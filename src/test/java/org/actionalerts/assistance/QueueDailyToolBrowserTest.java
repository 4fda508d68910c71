package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.delivery.SmsSegments;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The queue as an attorney's daily tool, in a real headless Chromium against the whole service with a fake Twilio:
 * signed in, an urgent request arrives and is announced without a reload; she claims it, texts the requester (the
 * fake Twilio gets it and the page shows it sent), counts segments in English and Spanish, uses a saved reply in
 * the requester's language, notes, reassigns, resolves, signs out; and the page at 375 px. Screenshots go to
 * target/screenshots/.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueueDailyToolBrowserTest {
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null,
                    "publicBaseUrl", "http://alerts.example.org",
                    "assistance.retentionJob", "false",
                    "assistance.helpRequests.perClient", "100"));
    static final String PASSWORD = "correct horse battery";
    static final Path SHOTS = Path.of("target", "screenshots");

    static Api admin;
    static Path profile;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void setUp() throws IOException {
        admin = TestApp.api(APP);
        admin.post("/api/v1/users", "{\"name\": \"Ana Attorney\", \"email\": \"ana@example.org\", \"role\": \"attorney\","
                + " \"queues\": [\"state-local-advocacy\"], \"password\": \"" + PASSWORD + "\"}");
        admin.post("/api/v1/users", "{\"name\": \"Bo Colleague\", \"email\": \"bo@example.org\", \"role\": \"attorney\","
                + " \"queues\": [\"state-local-advocacy\"], \"password\": \"" + PASSWORD + "\"}");
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("queue-daily-chromium");
        browser = QueuePageBrowserTest.chromium(profile, "1280,1000");
        wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
    }

    @AfterAll
    static void tearDown() throws IOException {
        TWILIO.close();
        org.actionalerts.support.Chromium.quit(browser, profile);
    }

    @Test
    void anUrgentCaseArrivesIsAnnouncedClaimedAnsweredByTextNotedReassignedAndResolved() {
        browser.get("http://localhost:" + APP.getLocalPort() + "/queue/");
        signIn("ana@example.org");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "0 open cases"));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.stillTheSamePage = true");

        // A request arrives while she looks at the empty queue; it is urgent, and in Spanish.
        String phone = "+13015550777";
        String reference = submit("Luis Ortega", phone, "es", "Mi hermano está detenido desde esta mañana <img src=x onerror=alert(1)>");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("urgent-banner")));
        assertThat(browser.findElement(By.id("urgent-text")).getText()).contains("Urgent case arrived: " + reference);
        assertThat(browser.findElement(By.id("announce")).getAttribute("textContent")).contains(reference);
        assertThat(browser.findElement(By.id("announce")).getAttribute("aria-live")).isEqualTo("assertive");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "1 open case"));
        assertThat(js.executeScript("return window.stillTheSamePage")).as("no reload").isEqualTo(true);
        shot("urgent-arrives");

        // Claim next (the keyboard shortcut n): hers now; what the requester wrote is text, never markup.
        browser.findElement(By.tagName("body")).sendKeys("n");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "You claimed " + reference + "."));
        wait.until(ExpectedConditions.textToBe(QueuePageBrowserTest.factAt("Assignee"), "Ana Attorney"));
        assertThat(browser.findElement(By.id("urgent-banner")).isDisplayed()).isFalse();
        assertThat(fact("Phone")).isEqualTo("(301) 555-0777");
        assertThat(fact("Language")).isEqualTo("es");
        assertThat(fact("State / county")).startsWith("MD");
        assertThat(QueuePageBrowserTest.textsIn(browser, "#thread li").get(0)).endsWith("<img src=x onerror=alert(1)>");
        assertThat(browser.findElements(By.cssSelector("#thread img, #cases img"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        // The segment counter counts as the server does: English in GSM-7, Spanish with á in UCS-2.
        WebElement body = browser.findElement(By.id("reply-body"));
        String english = "Luis, we are calling the jail now. Do not sign anything and do not answer questions without a lawyer. "
                + "We will text you again within the hour.";
        typeReply(english);
        assertThat(segments()).startsWith(expected(english));
        assertThat(segments()).contains("GSM-7");
        String spanish = "Luis, estamos llamando a la cárcel. No firme nada. ¿Puede enviarnos el número A de su hermano?";
        typeReply(spanish);
        assertThat(segments()).startsWith(expected(spanish)).contains("UCS-2");

        // Saved replies offer Spanish first for a Spanish-speaking requester.
        List<WebElement> saved = new Select(browser.findElement(By.id("saved-replies"))).getOptions();
        assertThat(saved.get(1).getText()).startsWith("[es] ");
        assertThat(saved).extracting(WebElement::getText).anyMatch(t -> t.startsWith("[en] "));
        new Select(browser.findElement(By.id("saved-replies"))).selectByIndex(1);
        assertThat(body.getAttribute("value")).isNotBlank();

        // She sends her own words by text: the fake Twilio receives them, and the page shows the text sent.
        typeReply("Luis, estamos llamando a la cárcel ahora. No firme nada.");
        assertThat(new Select(browser.findElement(By.id("reply-channel"))).getFirstSelectedOption().getText()).isEqualTo("Text (SMS)");
        browser.findElement(By.cssSelector("#reply-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Reply queued."));
        Await.until("the fake Twilio gets her text", () -> TWILIO.messagesTo(phone).stream()
                .anyMatch(m -> m.body().contains("estamos llamando a la cárcel ahora")));
        wait.until(d -> {
            String last = QueuePageBrowserTest.lastTextIn(d, "#thread li");
            return last.contains(" · sent") || last.contains(" · delivered");
        });
        assertThat(QueuePageBrowserTest.lastTextIn(browser, "#thread li"))
                .startsWith("To requester — Ana Attorney · sms · ").endsWith("No firme nada.");
        shot("replied-by-text");

        // A note (the shortcut i), which looks nothing like a message.
        browser.findElement(By.tagName("body")).sendKeys("i");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("note-body");
        browser.switchTo().activeElement().sendKeys("Called the family; A-number pending");
        browser.findElement(By.cssSelector("#note-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Note added."));
        assertThat(QueuePageBrowserTest.lastTextIn(browser, "#notes li")).endsWith("A-number pending");
        assertThat(QueuePageBrowserTest.textsIn(browser, "#thread li")).noneMatch(li -> li.contains("A-number pending"));

        // Reassign to a colleague, then resolve.
        new Select(browser.findElement(By.id("reassign"))).selectByVisibleText("Bo Colleague");
        browser.findElement(By.cssSelector("#reassign-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Case " + reference + " is now with Bo Colleague."));
        assertThat(fact("Assignee")).isEqualTo("Bo Colleague");
        browser.findElement(By.cssSelector("#status-buttons button[data-status=resolved]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Case " + reference + " is now resolved."));
        assertThat(fact("Status")).isEqualTo("resolved");

        // At 375 px the page still fits: nothing wider than the screen but the table, which scrolls in its box.
        browser.manage().window().setSize(new Dimension(375, 812));
        wait.until(d -> ((Number) js.executeScript("return window.innerWidth")).intValue() <= 375);
        long overflow = ((Number) js.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
        assertThat(overflow).as("horizontal overflow at 375 px").isLessThanOrEqualTo(0);
        assertThat(browser.findElement(By.id("claim")).isDisplayed()).isTrue();
        shot("case-at-375px");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // Sign out; the back button shows nothing of the case.
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed out."));
        browser.navigate().back();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        String text = (String) js.executeScript("return document.body.textContent");
        assertThat(text).doesNotContain(reference, "Luis", "A-number pending");
        shot("signed-out");
    }

    static void signIn(String email) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
        browser.findElement(By.id("password-input")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    static String submit(String name, String phone, String language, String message) {
        Api.Reply r = admin.as(null).post("/api/v1/help-requests", "{\"name\": \"" + name + "\", \"phone\": \"" + phone
                + "\", \"state\": \"MD\", \"language\": \"" + language + "\", \"message\": \"" + message + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("reference").asText();
    }

    static void typeReply(String text) {
        WebElement body = browser.findElement(By.id("reply-body"));
        body.clear();
        body.sendKeys(text);
        wait.until(d -> segments().startsWith(expected(text)));
    }

    static String segments() {
        return browser.findElement(By.id("segments")).getText();
    }

    /** What the page must say, from the server's own count. */
    static String expected(String text) {
        SmsSegments.Count n = SmsSegments.count(text);
        return n.characters() + " characters · " + n.segments() + " segment" + (n.segments() == 1 ? "" : "s") + " · " + n.encoding();
    }

    static String fact(String term) {
        return browser.findElement(QueuePageBrowserTest.factAt(term)).getText();
    }

    static void shot(String name) {
        try {
            File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(file.toPath(), SHOTS.resolve("queue-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
