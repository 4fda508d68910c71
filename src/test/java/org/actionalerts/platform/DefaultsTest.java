package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service as config.yml builds it with nothing set: the localhost public URL (so no HSTS), the admin port on
 * loopback only, and SMS and email in dry-run mode, said by the health check.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DefaultsTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            "dispatcher.enabled", "false", "assistance.retentionJob", "false");

    @Test
    void noHstsWhenThePublicUrlIsPlainHttp() {
        assertThat(APP.getConfiguration().publicBaseUrl()).isEqualTo("http://localhost:8080");
        Api anonymous = TestApp.api(APP).as(null);
        for (String path : new String[] {"/api/v1/supporters", "/queue/", "/no/such/page.html"}) {
            Api.Reply reply = anonymous.get(path);
            assertThat(reply.header("Strict-Transport-Security")).as(path).isNull();
            assertThat(reply.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(reply.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(reply.header("Content-Security-Policy")).as(path).contains("frame-ancestors 'none'");
        }
    }

    @Test
    void theAdminPortListensOnLoopbackByDefault() throws Exception {
        DefaultServerFactory server = (DefaultServerFactory) APP.getConfiguration().getServerFactory();
        HttpConnectorFactory admin = (HttpConnectorFactory) server.getAdminConnectors().get(0);
        assertThat(admin.getBindHost()).isEqualTo("127.0.0.1");
        HttpConnectorFactory application = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
        assertThat(application.getBindHost()).as("the application port is for the outside world").isNull();
        assertThat(health().at("/deadlocks/healthy").asBoolean()).as("reached on 127.0.0.1").isTrue();
    }

    @Test
    void dryRunIsAnnouncedInTheHealthCheck() throws Exception {
        JsonNode checks = health();
        assertThat(checks.at("/sms/healthy").asBoolean()).isTrue();
        assertThat(checks.at("/sms/message").asText()).startsWith("dry-run")
                .contains("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "nothing leaves the machine");
        assertThat(checks.at("/email/healthy").asBoolean()).isTrue();
        assertThat(checks.at("/email/message").asText()).startsWith("dry-run")
                .contains("SMTP_HOST", "MAIL_FROM", "nothing leaves the machine");
    }

    static JsonNode health() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(health.body());
    }
}
