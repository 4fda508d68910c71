package org.actionalerts.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Dropwizard → Prometheus mapping on a registry of its own. */
class DropwizardBridgeTest {
    static String scrape(MetricRegistry registry) throws Exception {
        MetricSnapshots snapshots = new DropwizardBridge(registry, PrometheusEndpoint.RULES).collect();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, snapshots);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void namesWithAVariablePartBecomeOneFamilyWithLabels() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        registry.meter("delivery.sms.accepted").mark(3);
        registry.meter("delivery.email.transient").mark();
        registry.meter("delivery.sms.errors.30007").mark();
        registry.timer("delivery.sms.provider-latency").update(java.time.Duration.ofMillis(250));
        registry.counter("plain.counter").inc(2);
        registry.counter("pool.created").inc(4);
        registry.counter("pool").inc(5);
        registry.register("cache.created", (Gauge<Integer>) () -> 6);
        String text = scrape(registry);
        assertThat(text)
                .contains("delivery_sends_total{channel=\"email\",result=\"transient\"} 1")
                .contains("delivery_sends_total{channel=\"sms\",result=\"accepted\"} 3")
                .contains("delivery_provider_errors_total{channel=\"sms\",code=\"30007\"} 1")
                .contains("delivery_provider_latency_seconds{channel=\"sms\",quantile=\"0.5\"} 0.25")
                .contains("plain_counter_total 2")
                .contains("pool_created_value_total 4")
                .contains("pool_total 5")
                .contains("cache_created_value 6");
    }

    @Test
    void jvmGaugesAreGaugesAndNonNumbersAreLeftOut() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        registry.registerAll("jvm.memory", new MemoryUsageGaugeSet());
        registry.register("a.string", (Gauge<String>) () -> "text");
        registry.register("a.failing", (Gauge<Long>) () -> {
            throw new IllegalStateException("database away");
        });
        String text = scrape(registry);
        assertThat(text).contains("# TYPE jvm_memory_heap_used gauge").doesNotContain("a_string").doesNotContain("a_failing");
    }
}
