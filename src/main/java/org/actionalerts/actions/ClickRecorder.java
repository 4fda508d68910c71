package org.actionalerts.actions;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionalerts.platform.PeriodicTask;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clicks are counted in memory and written together by one background thread ({@link #register}): one statement per flush, however
 * many people clicked, so a redirect never waits for a transaction of its own. While the database cannot be
 * written, clicks wait (summed per code, so memory grows with people, not clicks) and are written when it is back;
 * past {@code maxPending} waiting codes they are dropped and counted in {@code actions.clicks.lost}. A click's time
 * is the application clock's, as every other time a report compares.
 */
class ClickRecorder implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ClickRecorder.class);

    private record Click(String code, Instant at) {}

    private static final class Sum {
        int clicks;
        Instant first;
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final long flushMillis;
    private final int maxPending;
    private final ConcurrentLinkedQueue<Click> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger incomingSize = new AtomicInteger();
    /** Summed clicks not yet written; only the flushing thread touches it. */
    private final Map<String, Sum> pending = new LinkedHashMap<>();
    private final Meter recorded;
    private final Counter lost;

    public ClickRecorder(Jdbi jdbi, Clock clock, long flushMillis, int maxPending, MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.flushMillis = flushMillis;
        this.maxPending = maxPending;
        this.recorded = metrics.meter("actions.clicks.recorded");
        this.lost = metrics.counter("actions.clicks.lost");
        metrics.gauge("actions.clicks.pending", () -> () -> incomingSize.get() + pending.size());
    }

    /** Counts a click on this code; returns at once. */
    public void click(String code) {
        if (incomingSize.get() >= maxPending) {
            lost.inc();
            return;
        }
        incoming.add(new Click(code, clock.instant()));
        incomingSize.incrementAndGet();
    }

    /**
     * Flushes every {@code flushMillis} for the life of {@code lifecycle}, on a managed thread of its own
     * ({@code click-recorder}, a {@link PeriodicTask}), and once more when the service stops: managed before the
     * task, this stops after it, so its last flush writes what arrived while the task was stopping.
     */
    public void register(LifecycleEnvironment lifecycle) {
        lifecycle.manage(this);
        Duration every = Duration.ofMillis(flushMillis);
        new PeriodicTask("click-recorder", every, every, this::flush).register(lifecycle);
    }

    @Override
    public void stop() {
        flush(); // what arrived last, once more
    }

    /** Writes everything waiting; true when nothing is left waiting. Visible for tests that cannot wait a flush. */
    synchronized boolean flush() {
        Click c;
        while ((c = incoming.poll()) != null) {
            incomingSize.decrementAndGet();
            Sum sum = pending.get(c.code());
            if (sum == null) {
                if (pending.size() >= maxPending) {
                    lost.inc();
                    continue;
                }
                sum = new Sum();
                pending.put(c.code(), sum);
            }
            sum.clicks++;
            if (sum.first == null || c.at().isBefore(sum.first)) {
                sum.first = c.at();
            }
        }
        if (pending.isEmpty()) {
            return true;
        }
        int n = pending.size();
        String[] codes = new String[n];
        int[] clicks = new int[n];
        long[] firstMicros = new long[n];
        int i = 0;
        int total = 0;
        for (Map.Entry<String, Sum> e : pending.entrySet()) {
            codes[i] = e.getKey();
            clicks[i] = e.getValue().clicks;
            Instant first = e.getValue().first;
            firstMicros[i] = first.getEpochSecond() * 1_000_000L + first.getNano() / 1_000;
            total += clicks[i];
            i++;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            UPDATE action_links l SET clicks = l.clicks + v.clicks,
                                   first_clicked_at = LEAST(COALESCE(l.first_clicked_at, v.first), v.first)
                              FROM (SELECT code, clicks, to_timestamp(micros / 1000000.0) AS first
                                      FROM unnest(CAST(:codes AS text[]), CAST(:clicks AS int[]), CAST(:micros AS bigint[]))
                                           AS u(code, clicks, micros)) v
                             WHERE l.code = v.code AND l.supporter_id IS NOT NULL""")
                    .bind("codes", codes).bind("clicks", clicks).bind("micros", firstMicros).execute());
            pending.clear();
            recorded.mark(total);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not write {} clicks yet ({}); they wait in memory and are tried again", total,
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
