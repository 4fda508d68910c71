package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 (found by bench/ResilienceHarness): a freshly started instance's first sends ran cold code together
 * and reached the provider bunched, above the deployment-wide ceiling. A fresh dispatcher claims one message,
 * waits for its answer, and only then claims at full size.
 */
class DispatcherWarmUpTest {
    @Test
    void aFreshDispatcherSendsOneMessageAndWaitsForItsAnswerBeforeClaimingMore() throws Exception {
        List<Integer> claimSizes = new CopyOnWriteArrayList<>();
        AtomicInteger nextId = new AtomicInteger();
        OutboxClaims claims = new OutboxClaims(null, Clock.systemUTC(), null, null, null) {
            @Override
            public List<Delivery> claim(String channel, int limit, java.time.Duration lease) {
                claimSizes.add(limit);
                List<Delivery> batch = new ArrayList<>();
                for (int i = 0; i < limit && nextId.get() < 20; i++) {
                    batch.add(new Delivery(nextId.incrementAndGet(), "campaign", 1L, 1L, "sms", "+13015550100", null,
                            "Hello", null, null, 0, Instant.now()));
                }
                return batch;
            }
        };
        RateLimiter limiter = new RateLimiter(null) {
            @Override
            public Slots acquire(String channel, int permits, int ratePerSecond) {
                return new Slots(System.nanoTime(), java.time.Duration.ofMillis(1), System::nanoTime);
            }
        };
        DeliveryRecorder recorder = new DeliveryRecorder(null, Clock.systemUTC(), null, null) {
            @Override
            public void record(Delivery d, SendResult result) {}

            @Override
            public void recordAccepted(List<Delivery> deliveries, List<SendResult> results) {}
        };
        Reconciler reconciler = new Reconciler(null, Clock.systemUTC(), null) {
            @Override
            public int reconcile(String channel) {
                return 0;
            }
        };
        CountDownLatch coldPath = new CountDownLatch(1);
        AtomicInteger sends = new AtomicInteger();
        DispatcherSettings settings = new DispatcherSettings(true, 8, 100, Duration.milliseconds(10), Duration.minutes(1),
                6, Duration.seconds(1), Duration.seconds(10), Duration.seconds(60));
        ChannelDispatcher dispatcher = new ChannelDispatcher("sms", Clock.systemUTC(), 1000, settings, claims, limiter, d -> {
            if (sends.incrementAndGet() == 1) {
                try {
                    coldPath.await(10, TimeUnit.SECONDS); // the first send of a fresh process: slow
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return SendResult.accepted("SM" + d.id());
        }, recorder, reconciler, new MetricRegistry());
        dispatcher.start();
        try {
            Thread.sleep(300);
            assertThat(claimSizes).as("while the first send is out, nothing more is claimed").containsExactly(1);
            assertThat(sends.get()).isEqualTo(1);

            coldPath.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sends.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(sends.get()).isEqualTo(20);
            assertThat(claimSizes.subList(1, claimSizes.size())).as("then claims at full size").contains(8);
        } finally {
            dispatcher.stopClaiming();
            dispatcher.drain();
        }
    }
}
