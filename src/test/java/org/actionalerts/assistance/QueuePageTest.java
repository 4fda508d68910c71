package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The attorneys' page is served by the service itself, with nothing loaded from elsewhere. */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueuePageTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();

    @Test
    void servedWithItsScriptAndNoExternalResources() {
        Api anonymous = TestApp.api(APP).as(null);
        Api.Reply page = anonymous.get("/queue/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<html lang=\"en\">", "charset=\"utf-8\"", "queue.js", "/pages/session.js", "<label for=\"email\">", "<label for=\"password-input\">")
                .doesNotContain("token\"")
                .doesNotContain("http://", "https://");
        Api.Reply script = anonymous.get("/queue/queue.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("/cases/claim", "Session.attach")
                .doesNotContain("innerHTML", "http", "sessionStorage", "localStorage", "Authorization");
        // The sign-in and API client it shares with the staff console.
        Api.Reply session = anonymous.get("/pages/session.js");
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body()).contains("/session", "X-CSRF-Token")
                .doesNotContain("innerHTML", "http", "sessionStorage", "localStorage", "Authorization");
        assertThat(anonymous.get("/queue").status()).isIn(200, 301, 302, 303, 307, 308);
    }
}
