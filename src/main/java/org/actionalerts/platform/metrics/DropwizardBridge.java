package org.actionalerts.platform.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard Metrics (the registry every part of the service already writes to) in the Prometheus data model, for
 * the Prometheus client's servlet at {@code /metrics/prometheus}. The Prometheus client's own Dropwizard module is
 * not served by our package registry, so this is the same mapping in a few lines: counters and meters become
 * counters ({@code _total}), gauges gauges, histograms summaries, timers summaries in seconds.
 *
 * <p>Dotted names become underscored ({@code inbound.pending} → {@code inbound_pending}). A {@link Rule} turns
 * names with a variable part into one family with labels: {@code delivery.sms.accepted} and
 * {@code delivery.email.transient} are both {@code delivery_sends_total{channel,result}}. Reading happens only when
 * Prometheus scrapes; a gauge that asks the database does so then (each caches its answer).
 */
public final class DropwizardBridge implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(DropwizardBridge.class);
    private static final double SECONDS_PER_NANO = 1.0 / TimeUnit.SECONDS.toNanos(1);

    /** Dropwizard names matching {@code pattern} (named groups = label names) are reported as {@code family}. */
    public record Rule(Pattern pattern, String family) {
        public static Rule of(String regex, String family) {
            return new Rule(Pattern.compile(regex), family);
        }
    }

    private record Name(String family, Labels labels) {}

    private final MetricRegistry registry;
    private final List<Rule> rules;
    private final List<String> labelNames;

    public DropwizardBridge(MetricRegistry registry, List<Rule> rules) {
        this.registry = registry;
        this.rules = List.copyOf(rules);
        this.labelNames = new ArrayList<>();
        Pattern group = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
        for (Rule r : rules) {
            Matcher m = group.matcher(r.pattern().pattern());
            List<String> names = new ArrayList<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            labelNames.add(String.join(",", names));
        }
    }

    Name nameOf(String dropwizardName) {
        for (int i = 0; i < rules.size(); i++) {
            Matcher m = rules.get(i).pattern().matcher(dropwizardName);
            if (m.matches()) {
                Labels.Builder labels = Labels.builder();
                String names = labelNames.get(i);
                if (!names.isEmpty()) {
                    for (String label : names.split(",")) {
                        labels.label(label, m.group(label));
                    }
                }
                return new Name(underscored(rules.get(i).family()), labels.build());
            }
        }
        return new Name(underscored(dropwizardName), Labels.EMPTY);
    }

    /** A legal classic Prometheus name: every other character becomes "_", and a leading digit gets one before it. */
    static String underscored(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_:]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    /**
     * Prometheus reserves the suffixes _total, _created, _bucket and _info (a client would strip them, so that
     * {@code pool.created} and {@code pool} collided): a counter loses its _total (the format adds it back), any
     * other name ending so gets "_value" after it.
     */
    static String family(String underscored, boolean counter) {
        if (counter && underscored.endsWith("_total")) {
            return family(underscored.substring(0, underscored.length() - "_total".length()), true);
        }
        for (String reserved : List.of("_total", "_created", "_bucket", "_info")) {
            if (underscored.endsWith(reserved)) {
                return underscored + "_value";
            }
        }
        return underscored;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new LinkedHashMap<>();
        for (Map.Entry<String, Metric> e : registry.getMetrics().entrySet()) {
            try {
                add(families, e.getKey(), e.getValue());
            } catch (RuntimeException failed) {
                // One metric that cannot be read (a gauge whose query fails while the database is away) must not
                // cost the whole scrape: it is left out of this one.
                LOG.debug("Metric {} left out of this scrape: {}", e.getKey(), failed.toString());
            }
        }
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        for (Family f : families.values()) {
            MetricSnapshot s = f.build();
            if (s != null) {
                out.metricSnapshot(s);
            }
        }
        return out.build();
    }

    private void add(Map<String, Family> families, String dropwizardName, Metric metric) {
        Name name = nameOf(dropwizardName);
        Kind kind;
        if (metric instanceof Counter || metric instanceof Meter) {
            kind = Kind.COUNTER;
        } else if (metric instanceof Gauge<?>) {
            kind = Kind.GAUGE;
        } else if (metric instanceof Timer) {
            kind = Kind.TIMER;
        } else if (metric instanceof Histogram) {
            kind = Kind.HISTOGRAM;
        } else {
            return;
        }
        String family = family(kind == Kind.TIMER ? name.family() + "_seconds" : name.family(), kind == Kind.COUNTER);
        Family f = families.computeIfAbsent(family, k -> new Family(family, kind, dropwizardName));
        if (f.kind != kind) {
            return; // the same name as a metric of another type: Prometheus would refuse the scrape
        }
        switch (kind) {
            case COUNTER -> f.counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(name.labels())
                    .value(metric instanceof Counter c ? c.getCount() : ((Meter) metric).getCount()).build());
            case GAUGE -> {
                Object value = ((Gauge<?>) metric).getValue();
                double v;
                if (value instanceof Number n) {
                    v = n.doubleValue();
                } else if (value instanceof Boolean b) {
                    v = b ? 1 : 0;
                } else {
                    return; // maps, strings: not a number Prometheus can hold
                }
                f.gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(name.labels()).value(v).build());
            }
            case TIMER -> {
                Timer t = (Timer) metric;
                f.summary.dataPoint(summary(t.getSnapshot(), t.getCount(), SECONDS_PER_NANO, name.labels()));
            }
            case HISTOGRAM -> {
                Histogram h = (Histogram) metric;
                f.summary.dataPoint(summary(h.getSnapshot(), h.getCount(), 1.0, name.labels()));
            }
        }
    }

    private static SummarySnapshot.SummaryDataPointSnapshot summary(Snapshot s, long count, double factor, Labels labels) {
        return SummarySnapshot.SummaryDataPointSnapshot.builder()
                .labels(labels)
                .count(count)
                .quantiles(Quantiles.of(
                        new Quantile(0.5, s.getMedian() * factor),
                        new Quantile(0.75, s.get75thPercentile() * factor),
                        new Quantile(0.95, s.get95thPercentile() * factor),
                        new Quantile(0.99, s.get99thPercentile() * factor),
                        new Quantile(0.999, s.get999thPercentile() * factor)))
                .build();
    }

    private enum Kind { COUNTER, GAUGE, TIMER, HISTOGRAM }

    private static final class Family {
        final CounterSnapshot.Builder counter;
        final GaugeSnapshot.Builder gauge;
        final SummarySnapshot.Builder summary;
        final Kind kind;

        Family(String name, Kind kind, String firstSource) {
            this.kind = kind;
            String help = "Dropwizard metric " + firstSource;
            counter = kind == Kind.COUNTER ? CounterSnapshot.builder().name(name).help(help) : null;
            gauge = kind == Kind.GAUGE ? GaugeSnapshot.builder().name(name).help(help) : null;
            summary = kind == Kind.TIMER || kind == Kind.HISTOGRAM ? SummarySnapshot.builder().name(name).help(help) : null;
        }

        MetricSnapshot build() {
            try {
                return switch (kind) {
                    case COUNTER -> counter.build();
                    case GAUGE -> gauge.build();
                    case TIMER, HISTOGRAM -> summary.build();
                };
            } catch (IllegalArgumentException duplicate) {
                LOG.debug("Metric family left out of this scrape: {}", duplicate.toString());
                return null;
            }
        }
    }
}
