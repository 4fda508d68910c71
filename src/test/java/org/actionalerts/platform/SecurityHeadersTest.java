package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * API.md's response headers on every kind of answer of the application port (Jersey, plain servlets, static
 * files, server-rendered pages, errors) behind an https public URL ({@link DefaultsTest}: the defaults).
 *
 * <p>One application per test class: two in one class would leak each other's settings (system properties).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SecurityHeadersTest {
    static final int JSON_LIMIT = 2048;
    /** Reached over https, as in production. */
    static final DropwizardAppExtension<ActionAlertsConfiguration> HTTPS = TestApp.create(ActionAlertsApplication.class,
            "publicBaseUrl", "https://alerts.example.org",
            "limits.jsonBodyBytes", String.valueOf(JSON_LIMIT),
            "dispatcher.enabled", "false", "assistance.retentionJob", "false");
    static Api staff;

    @BeforeAll
    static void tokens() {
        staff = TestApp.api(HTTPS).withNewToken("staff");
    }

    static void assertEveryAnswersHeaders(Api.Reply reply) {
        assertThat(reply.header("X-Content-Type-Options")).as("nosniff on %s", reply).isEqualTo("nosniff");
        assertThat(reply.header("Referrer-Policy")).as("Referrer-Policy on %s", reply).isEqualTo("no-referrer");
        assertThat(reply.header("Content-Security-Policy")).as("CSP on %s", reply)
                .contains("default-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(reply.header("Strict-Transport-Security")).as("HSTS on %s", reply).isEqualTo("max-age=31536000");
    }

    static void assertApiAnswer(Api.Reply reply) {
        assertEveryAnswersHeaders(reply);
        assertThat(reply.header("Cache-Control")).as("Cache-Control on %s", reply).isEqualTo("no-store");
    }

    static void assertNotStoredOnlyOnApi(Api.Reply reply) {
        assertThat(reply.header("Cache-Control")).as("Cache-Control on %s", reply).satisfiesAnyOf(
                c -> assertThat(c).isNull(), c -> assertThat(c).doesNotContain("no-store"));
    }

    @Test
    void apiAnswersCarryTheHeadersAndAreNeverStored() {
        Api.Reply list = staff.get("/api/v1/supporters");
        assertThat(list.status()).isEqualTo(200);
        assertApiAnswer(list);
        Api.Reply created = staff.post("/api/v1/lists", "{\"name\": \"headers\"}");
        assertThat(created.status()).isEqualTo(201);
        assertApiAnswer(created);
    }

    @Test
    void apiErrorsCarryTheHeaders() {
        Api.Reply unknown = staff.get("/api/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertApiAnswer(unknown);
        Api.Reply noToken = staff.as(null).get("/api/v1/supporters");
        assertThat(noToken.status()).isEqualTo(401);
        assertApiAnswer(noToken);
        Api.Reply badToken = staff.as("not-a-token").get("/api/v1/supporters");
        assertThat(badToken.status()).isEqualTo(401);
        assertApiAnswer(badToken);
        byte[] tooBig = ("{\"name\": \"" + "x".repeat(JSON_LIMIT * 2) + "\"}").getBytes(StandardCharsets.UTF_8);
        Api.Reply large = staff.send("/api/v1/lists", "POST", "application/json", tooBig);
        assertThat(large.status()).isEqualTo(413);
        assertApiAnswer(large);
    }

    @Test
    void errorsOutsideTheApiCarryTheHeadersButMayBeCached() {
        Api.Reply missing = staff.as(null).get("/no/such/page.html");
        assertThat(missing.status()).isEqualTo(404);
        assertEveryAnswersHeaders(missing);
        assertNotStoredOnlyOnApi(missing);
        Api.Reply missingAsset = staff.as(null).get("/queue/no-such-file.js");
        assertThat(missingAsset.status()).isEqualTo(404);
        assertEveryAnswersHeaders(missingAsset);
        Api.Reply wrongMethod = staff.as(null).get(IncomingTexts.PATH); // the servlet's sendError(405)
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertEveryAnswersHeaders(wrongMethod);
    }

    @Test
    void theQueuePageAndItsFilesCarryThePagePolicy() {
        Api anonymous = staff.as(null);
        for (String path : new String[] {"/queue/", "/queue/queue.js", "/queue/queue.css"}) {
            Api.Reply reply = anonymous.get(path);
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertEveryAnswersHeaders(reply);
            assertNotStoredOnlyOnApi(reply);
        }
        Api.Reply page = anonymous.get("/queue/");
        assertThat(page.body()).as("no inline script or style: the CSP would block them")
                .doesNotContain("<style", "style=", "<script>").contains("<script src=\"queue.js\"></script>");
    }

    @Test
    void theUnsubscribePageCarriesThePagePolicyAndUsesAStylesheetFile() {
        Api.Reply page = staff.as(null).get("/unsubscribe/" + UUID.randomUUID());
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertEveryAnswersHeaders(page);
        assertNotStoredOnlyOnApi(page);
        assertThat(page.body()).doesNotContain("style=", "<style", "<script").contains("href=\"../pages/page.css\"");
        Api.Reply css = staff.as(null).get("/pages/page.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertEveryAnswersHeaders(css);
    }

    @Test
    void thePlainServletsCarryTheHeaders() {
        Api.Reply unsigned = IncomingTexts.post(staff, "https://alerts.example.org",
                IncomingTexts.text("SM" + UUID.randomUUID().toString().replace("-", ""), "+13015550199", "hi"), false);
        assertThat(unsigned.status()).isEqualTo(403);
        assertEveryAnswersHeaders(unsigned);
        assertNotStoredOnlyOnApi(unsigned);

        Api.Reply claimWithoutToken = staff.as(null).send("/api/v1/cases/claim", "POST", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(claimWithoutToken.status()).isEqualTo(401);
        assertApiAnswer(claimWithoutToken);
        Api.Reply claimAsStaff = staff.send("/api/v1/cases/claim", "POST", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(claimAsStaff.status()).isEqualTo(403);
        assertApiAnswer(claimAsStaff);
    }
}
