package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.List;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.delivery.email.EmailGateways;
import org.actionalerts.delivery.sms.SmsGateways;
import org.actionalerts.platform.StartupChecks.MisconfigurationException;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.Test;

/** A half-configured channel, Twilio pointed at localhost or a short ADMIN_TOKEN: the service does not start. */
class StartupChecksTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final String TOKEN = "a".repeat(32);
    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TWILIO_SECRET = "twilio-secret-7f3a9c";
    static final String SMTP_SECRET = "smtp-secret-91b2e4";

    static SmsSettings sms(String sid, String token, String from, String service) {
        return new SmsSettings(sid, token, from, service, "https://api.twilio.com", 1, "21:00-09:00");
    }

    static EmailSettings email(String host, String user, String password, String from) {
        return new EmailSettings(host, 587, user, password, true, from, 10);
    }

    static final SmsSettings TWILIO = sms(SID, TWILIO_SECRET, "+15005550006", "");
    static final EmailSettings SMTP = email("smtp.example.org", "alerts", SMTP_SECRET, "alerts@example.org");

    static List<String> problems(String publicBaseUrl, String adminToken, SmsSettings sms, EmailSettings email) {
        return StartupChecks.problems(publicBaseUrl, adminToken, sms, email);
    }

    @Test
    void nothingConfiguredIsDryRunAndStarts() {
        assertThat(SmsSettings.DRY_RUN.dryRun()).isTrue();
        assertThat(EmailSettings.DRY_RUN.dryRun()).isTrue();
        assertThat(problems("http://localhost:8080", "", SmsSettings.DRY_RUN, EmailSettings.DRY_RUN)).isEmpty();
    }

    @Test
    void everythingConfiguredStarts() {
        assertThat(problems(PUBLIC, TOKEN, TWILIO, SMTP)).isEmpty();
        assertThat(problems(PUBLIC, TOKEN, sms(SID, TWILIO_SECRET, "", "MG0123"), email("smtp.example.org", "", "", "a@example.org")))
                .as("a messaging service instead of a number; SMTP without a login").isEmpty();
    }

    @Test
    void aPartialTwilioSetUpNamesWhatIsMissingAndNeverTheSecret() {
        List<String> noSender = problems(PUBLIC, TOKEN, sms(SID, TWILIO_SECRET, "", ""), SMTP);
        assertThat(noSender).singleElement().asString()
                .contains("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
                .doesNotContain(TWILIO_SECRET, SID);

        // The typo case: the SID's variable misspelt, so only the token arrives.
        List<String> tokenOnly = problems(PUBLIC, TOKEN, sms("", TWILIO_SECRET, "+15005550006", ""), SMTP);
        assertThat(tokenOnly).singleElement().asString().contains("TWILIO_ACCOUNT_SID").doesNotContain(TWILIO_SECRET);

        List<String> noToken = problems(PUBLIC, TOKEN, sms(SID, "", "+15005550006", ""), SMTP);
        assertThat(noToken).singleElement().asString().contains("TWILIO_AUTH_TOKEN not set");
    }

    @Test
    void twilioWithALocalhostPublicUrlIsRefusedSayingWhy() {
        for (String local : List.of("http://localhost:8080", "http://127.0.0.1:8080", "https://[::1]/", "http://app.localhost")) {
            assertThat(problems(local, TOKEN, TWILIO, SMTP)).as(local).singleElement().asString()
                    .contains("PUBLIC_BASE_URL", "signature", "STOP").doesNotContain(TWILIO_SECRET);
        }
        assertThat(problems("http://localhost:8080", TOKEN, SmsSettings.DRY_RUN, SMTP))
                .as("without Twilio nothing needs to reach us").isEmpty();
    }

    @Test
    void aPartialSmtpSetUpNamesWhatIsMissingAndNeverTheSecret() {
        List<String> loginWithoutHost = problems(PUBLIC, TOKEN, TWILIO, email("", "alerts", SMTP_SECRET, ""));
        assertThat(loginWithoutHost).singleElement().asString().contains("SMTP_HOST", "MAIL_FROM")
                .doesNotContain(SMTP_SECRET, "alerts@");
        assertThat(problems(PUBLIC, TOKEN, TWILIO, email("", "alerts", "", ""))).singleElement().asString()
                .contains("SMTP_HOST", "SMTP_PASSWORD");
        assertThat(problems(PUBLIC, TOKEN, TWILIO, email("smtp.example.org", "", "", ""))).singleElement().asString()
                .contains("MAIL_FROM not set");
        assertThat(problems(PUBLIC, TOKEN, TWILIO, email("smtp.example.org", "", SMTP_SECRET, "a@example.org")))
                .singleElement().asString().contains("SMTP_USERNAME not set").doesNotContain(SMTP_SECRET);
    }

    @Test
    void aShortAdminTokenIsRefusedSayingWhyWithoutShowingIt() {
        String shortToken = "change-me-" + "x".repeat(21); // 31 characters
        assertThat(problems(PUBLIC, shortToken, TWILIO, SMTP)).singleElement().asString()
                .contains("ADMIN_TOKEN", "31", "at least 32", "openssl rand -hex 32").doesNotContain(shortToken);
        assertThat(problems(PUBLIC, shortToken + "x", TWILIO, SMTP)).isEmpty();
    }

    @Test
    void aPublicUrlThatIsNoUrlIsRefused() {
        assertThat(problems("alerts.example.org", TOKEN, SmsSettings.DRY_RUN, EmailSettings.DRY_RUN))
                .singleElement().asString().contains("PUBLIC_BASE_URL");
        assertThat(StartupChecks.isHttps("https://alerts.example.org")).isTrue();
        assertThat(StartupChecks.isHttps("HTTPS://alerts.example.org/x")).isTrue();
        assertThat(StartupChecks.isHttps("http://localhost:8080")).isFalse();
    }

    @Test
    void everyProblemIsListedInOneRefusal() {
        MisconfigurationException e = new MisconfigurationException(
                problems("http://localhost:8080", "short", sms("", TWILIO_SECRET, "", ""), email("", "u", SMTP_SECRET, "")));
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).startsWith("Action Alerts refuses to start")
                .contains("TWILIO_ACCOUNT_SID", "PUBLIC_BASE_URL", "SMTP_HOST", "ADMIN_TOKEN")
                .doesNotContain(TWILIO_SECRET, SMTP_SECRET, "short");
    }

    @Test
    void theGatewayFactoriesRefuseAPartialSetUpToo() {
        assertThatThrownBy(() -> SmsGateways.fromSettings(sms(SID, "", "+15005550006", ""), PUBLIC))
                .hasMessageContaining("TWILIO_AUTH_TOKEN");
        assertThatThrownBy(() -> EmailGateways.fromSettings(email("smtp.example.org", "", "", ""), new Organisation("", "")))
                .hasMessageContaining("MAIL_FROM");
    }

    /** Through the application's own start, as `java -jar ... server config.yml` would. */
    static Throwable start(String... settings) {
        DropwizardAppExtension<ActionAlertsConfiguration> app = TestApp.create(ActionAlertsApplication.class, settings);
        try {
            app.before();
            return null;
        } catch (Throwable t) {
            return t;
        } finally {
            try {
                app.after();
            } catch (RuntimeException ignored) {
                // nothing was started
            }
            // The settings are system properties while the app runs: none may leak into the next test class.
            assertThat(System.getProperties().stringPropertyNames()).noneMatch(name -> name.startsWith("dw."));
        }
    }

    @Test
    void theServiceRefusesToStartWithAPartialTwilioSetUp() {
        Throwable refusal = start("publicBaseUrl", PUBLIC, "sms.accountSid", SID, "sms.authToken", TWILIO_SECRET);
        assertThat(refusal).isInstanceOf(MisconfigurationException.class)
                .hasMessageContaining("TWILIO_FROM_NUMBER").hasMessageNotContaining(TWILIO_SECRET);
    }

    @Test
    void theServiceRefusesToStartWithTwilioAndTheLocalhostDefault() {
        Throwable refusal = start("sms.accountSid", SID, "sms.authToken", TWILIO_SECRET, "sms.fromNumber", "+15005550006");
        assertThat(refusal).isInstanceOf(MisconfigurationException.class)
                .hasMessageContaining("PUBLIC_BASE_URL").hasMessageContaining("every STOP would be lost");
    }

    @Test
    void theServiceRefusesToStartWithAShortAdminToken() {
        Throwable refusal = start("adminToken", "change-me");
        assertThat(refusal).isInstanceOf(MisconfigurationException.class)
                .hasMessageContaining("ADMIN_TOKEN").hasMessageNotContaining("change-me");
    }

    @Test
    void theServiceRefusesToStartWithAPartialSmtpSetUp() {
        Throwable refusal = start("email.username", "alerts", "email.password", SMTP_SECRET);
        assertThat(refusal).isInstanceOf(MisconfigurationException.class)
                .hasMessageContaining("SMTP_HOST").hasMessageNotContaining(SMTP_SECRET);
    }
}
