package org.actionalerts.platform.metrics;

import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * {@code /metrics/prometheus} on the admin port: every Dropwizard metric in the Prometheus text format (OpenMetrics
 * when the scraper asks for it). The families with labels are listed here, so that their names are in one place
 * (docs/OPERATIONS.md says which matter and what to alert on).
 */
public final class PrometheusEndpoint {
    public static final String PATH = "/metrics/prometheus";

    static final List<DropwizardBridge.Rule> RULES = List.of(
            DropwizardBridge.Rule.of("outbox\\.depth\\.(?<channel>[^.]+)\\.(?<status>[^.]+)", "outbox_depth"),
            DropwizardBridge.Rule.of("delivery\\.reconciler\\.(?<channel>[^.]+)\\.(?<outcome>[^.]+)", "delivery_reconciled"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.(?<result>accepted|transient|permanent|opted_out|systemic)",
                    "delivery_sends"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.errors\\.(?<code>[^.]+)", "delivery_provider_errors"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.provider-latency", "delivery_provider_latency"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.claim-latency", "delivery_claim_latency"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.rate-limit-wait", "delivery_rate_limit_wait"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.failed-passes", "delivery_failed_passes"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.reslotted", "delivery_reslotted"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.held-for-stop", "delivery_held_for_stop"),
            DropwizardBridge.Rule.of("delivery\\.(?<channel>[^.]+)\\.provider-failing", "delivery_provider_failing"),
            DropwizardBridge.Rule.of("inbound\\.kind\\.(?<kind>[^.]+)", "inbound_texts"),
            DropwizardBridge.Rule.of("inbound\\.webhook\\.(?<webhook>[^.]+)", "inbound_webhook_latency"),
            DropwizardBridge.Rule.of("timed-work\\.(?<job>[^.]+)\\.(?<outcome>ran|skipped|failed)", "timed_work_runs"));

    private PrometheusEndpoint() {}

    public static void register(Environment environment) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DropwizardBridge(environment.metrics(), RULES));
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping(PATH);
    }
}
