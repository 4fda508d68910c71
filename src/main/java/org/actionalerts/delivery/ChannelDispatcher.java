package org.actionalerts.delivery;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim → send → record loop for one channel. One thread claims; a pool sends, each message at its
 * rate-limit slot; at most {@code concurrency} messages are in flight. Lost leases are reconciled every few
 * seconds.
 */
final class ChannelDispatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelDispatcher.class);
    private static final long RECONCILE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Claim no further ahead than this much sending time, so leases stay short and instances share work. */
    private static final Duration HORIZON = Duration.ofSeconds(1);

    private final String channel;
    private final int ratePerSecond;
    private final DispatcherSettings settings;
    private final OutboxClaims claims;
    private final RateLimiter rateLimiter;
    private final Function<Delivery, SendResult> sender;
    private final DeliveryRecorder recorder;
    private final Reconciler reconciler;
    private final MetricRegistry metrics;
    private final Timer providerLatency;
    private final Semaphore inFlight;
    private final ScheduledExecutorService senders;
    private volatile boolean running = true;

    ChannelDispatcher(String channel, int ratePerSecond, DispatcherSettings settings, OutboxClaims claims,
                      RateLimiter rateLimiter, Function<Delivery, SendResult> sender, DeliveryRecorder recorder,
                      Reconciler reconciler, MetricRegistry metrics) {
        this.channel = channel;
        this.ratePerSecond = ratePerSecond;
        this.settings = settings;
        this.claims = claims;
        this.rateLimiter = rateLimiter;
        this.sender = sender;
        this.recorder = recorder;
        this.reconciler = reconciler;
        this.metrics = metrics;
        this.providerLatency = metrics.timer(MetricRegistry.name("delivery", channel, "provider-latency"));
        this.inFlight = new Semaphore(settings.concurrency());
        this.senders = Executors.newScheduledThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, channel + "-sender");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void run() {
        long lastReconcile = 0;
        while (running) {
            try {
                if (System.nanoTime() - lastReconcile > RECONCILE_EVERY_NANOS) {
                    reconciler.reconcile(channel);
                    lastReconcile = System.nanoTime();
                }
                if (!dispatchOnce()) {
                    sleep(settings.pollInterval().toMilliseconds());
                }
            } catch (RuntimeException e) {
                LOG.warn("{} dispatcher pass failed; retrying shortly", channel, e);
                pauseAfterError();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Claims and schedules one batch; false when there was nothing to do. */
    boolean dispatchOnce() throws InterruptedException {
        int want = Math.min(settings.claimBatch(), Math.max(1, (int) Math.ceil(ratePerSecond * HORIZON.toMillis() / 1000.0)));
        if (!inFlight.tryAcquire(1, 200, TimeUnit.MILLISECONDS)) {
            return true; // all senders busy: not idle, just full
        }
        int permits = 1 + drainUpTo(want - 1);
        List<Delivery> batch = claims.claim(channel, permits, java.time.Duration.ofMillis(settings.lease().toMilliseconds()));
        if (batch.size() < permits) {
            inFlight.release(permits - batch.size());
        }
        if (batch.isEmpty()) {
            return false;
        }
        RateLimiter.Slots slots = rateLimiter.acquire(channel, batch.size(), ratePerSecond);
        for (int i = 0; i < batch.size(); i++) {
            Delivery d = batch.get(i);
            senders.schedule(() -> send(d), slots.delayOf(i).toNanos(), TimeUnit.NANOSECONDS);
        }
        // Don't run ahead of the rate: wait until this batch's slots are nearly used up.
        long aheadMillis = slots.delayOf(batch.size()).toMillis() - HORIZON.toMillis();
        if (aheadMillis > 0) {
            sleep(aheadMillis);
        }
        return true;
    }

    private int drainUpTo(int n) {
        int got = 0;
        while (got < n && inFlight.tryAcquire()) {
            got++;
        }
        return got;
    }

    private void send(Delivery d) {
        try {
            SendResult result;
            try (Timer.Context ignored = providerLatency.time()) {
                result = sender.apply(d);
            } catch (RuntimeException e) {
                LOG.warn("{} gateway threw for message {}; treating as transient", channel, d.id(), e);
                result = SendResult.failed(SendResult.Outcome.TRANSIENT, "gateway-error", e.getClass().getSimpleName(), null);
            }
            metrics.meter(MetricRegistry.name("delivery", channel, result.outcome().name().toLowerCase())).mark();
            recorder.record(d, result);
        } catch (RuntimeException e) {
            // The row stays "sending"; its lease runs out and the reconciler settles it.
            LOG.error("Could not record the outcome of message {}; the reconciler will settle it", d.id(), e);
        } finally {
            inFlight.release();
        }
    }

    void stop() throws InterruptedException {
        running = false;
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void pauseAfterError() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
