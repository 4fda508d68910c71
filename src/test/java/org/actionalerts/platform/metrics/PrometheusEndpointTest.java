package org.actionalerts.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /metrics/prometheus} on the admin port: the Prometheus text format, with the families operators alert on. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusEndpointTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "publicBaseUrl", PUBLIC));

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() throws Exception {
        Api staff = TestApp.api(APP).withNewToken("staff");
        String phone = "+13015550188";
        assertThat(staff.post("/api/v1/supporters", "{\"phone\":\"" + phone + "\",\"smsOptIn\":true}").status()).isEqualTo(201);
        Api.Reply text = IncomingTexts.post(staff, PUBLIC, IncomingTexts.text("SM" + "b".repeat(32), phone, "HELP"), true);
        assertThat(text.status()).as(text.body()).isEqualTo(200);
        IncomingTexts.awaitProcessed(TestApp.jdbi(APP), "SM" + "b".repeat(32));
        Await.until("the HELP answer is sent", () -> !TWILIO.messagesTo(phone).isEmpty());

        HttpResponse<String> scrape = scrape("text/plain");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String body = scrape.body();
        assertThat(body)
                .contains("# TYPE outbox_depth gauge")
                .contains("outbox_depth{channel=\"sms\",status=\"queued\"}")
                .contains("outbox_depth{channel=\"email\",status=\"sending\"}")
                .contains("outbox_queued ")
                .contains("inbound_pending ")
                .contains("inbound_texts_total{kind=\"help\"} 1")
                .contains("inbound_webhook_latency_seconds_count{webhook=\"sms\"} 1")
                .contains("delivery_provider_latency_seconds{channel=\"sms\",quantile=\"0.99\"}")
                .contains("delivery_claim_latency_seconds_count{channel=\"sms\"}")
                .contains("delivery_rate_limit_wait_seconds_count{channel=\"sms\"}")
                .contains("delivery_provider_failing{channel=\"sms\"} 0")
                .contains("timed_work_runs_total{job=\"campaign-scheduler\",outcome=\"ran\"}")
                .contains("io_dropwizard_db_ManagedPooledDataSource_database_created_value ")
                .contains("io_dropwizard_db_ManagedPooledDataSource_database_active ");
        Await.until("the accepted send is counted", () -> scrape("text/plain").body()
                .contains("delivery_sends_total{channel=\"sms\",result=\"accepted\"} 1"));
        assertThat(body).doesNotContain(phone).doesNotContain(phone.substring(1));

        HttpResponse<String> openMetrics = scrape("application/openmetrics-text; version=1.0.0");
        assertThat(openMetrics.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(openMetrics.body()).contains("# EOF");
    }

    static HttpResponse<String> scrape(String accept) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + APP.getAdminPort() + "/metrics/prometheus")).header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
