package org.actionalerts.delivery;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.actionalerts.consent.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim → send → record loop for one channel. One thread ({@code dispatcher-<channel>-claim}) claims; the
 * {@link ChannelSenders} send, each message at its rate-limit slot; at most {@code concurrency} messages are in
 * flight (claimed and not yet recorded). Accepted messages are recorded in batches by the {@link AcceptedRecorder};
 * every other outcome is recorded at once by the sending thread. Lost leases are reconciled every few seconds.
 * The threads are Dropwizard's managed executors; {@link Dispatcher} stops them in order (claim, send, record).
 *
 * <p>Every in-flight permit taken is given back on every path: a claim or rate-limit request that throws (the
 * database is down), a send, a recording, a stop. A permit that leaked would never come back, and after a few
 * failed passes no message could be claimed again until a restart. Messages claimed but never handed to the
 * provider are given back to the queue too ({@link OutboxClaims#giveBack}).
 */
final class ChannelDispatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelDispatcher.class);
    private static final long RECONCILE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Claim no further ahead than this much sending time, so leases stay short and instances share work. */
    private static final Duration HORIZON = Duration.ofSeconds(1);
    /** How long the first claim waits for its one send to come back before the dispatcher claims at full size. */
    private static final long WARM_UP_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Channel channel;
    /** The channel's stored word: it names the threads, metrics and log lines, and the rate-limit row. */
    private final String name;
    private final Clock clock;
    private final int ratePerSecond;
    private final DispatcherSettings settings;
    private final OutboxClaims claims;
    private final RateLimiter rateLimiter;
    private final Reconciler reconciler;
    private final MetricRegistry metrics;
    private final Timer claimLatency;
    private final Timer rateLimitWait;
    private final Semaphore inFlight;
    private final AcceptedRecorder recorder;
    private final ChannelSenders senders;
    private final ExecutorService claimingThread;
    /** When a claim last succeeded (found messages or found none due), on the clock due times are compared on. */
    private volatile Instant lastClaim;
    private volatile boolean running = true;

    /** Builds (does not start) the channel's threads as managed executors of {@code lifecycle}. */
    ChannelDispatcher(Channel channel, Clock clock, int ratePerSecond, DispatcherSettings settings, OutboxClaims claims,
                      RateLimiter rateLimiter, Function<Delivery, SendResult> sender, DeliveryRecorder recorder,
                      Reconciler reconciler, MetricRegistry metrics, ProviderFailures providerFailures,
                      StopSignals stops, LifecycleEnvironment lifecycle) {
        this.channel = channel;
        this.name = channel.dbValue();
        this.clock = clock;
        this.lastClaim = clock.instant(); // not stalled before it has had a chance to claim
        this.ratePerSecond = ratePerSecond;
        this.settings = settings;
        this.claims = claims;
        this.rateLimiter = rateLimiter;
        this.reconciler = reconciler;
        this.metrics = metrics;
        this.claimLatency = metrics.timer(MetricRegistry.name("delivery", name, "claim-latency"));
        this.rateLimitWait = metrics.timer(MetricRegistry.name("delivery", name, "rate-limit-wait"));
        metrics.gauge(MetricRegistry.name("delivery", name, "provider-failing"), () -> providerFailures::failures);
        int concurrency = settings.inFlightFor(ratePerSecond);
        this.inFlight = new Semaphore(concurrency);
        this.recorder = new AcceptedRecorder(channel, recorder, inFlight, lifecycle);
        this.senders = new ChannelSenders(channel, ratePerSecond, concurrency, claims, rateLimiter, sender, recorder,
                this.recorder, metrics, providerFailures, inFlight, clock, stops, lifecycle);
        this.claimingThread = lifecycle.executorService("dispatcher-" + name + "-claim").minThreads(1).maxThreads(1).build();
    }

    Channel channel() {
        return channel;
    }

    Instant lastClaim() {
        return lastClaim;
    }

    void start() {
        recorder.start();
        senders.start();
        claimingThread.execute(this);
    }

    @Override
    public void run() {
        try {
            claimUntilStopped();
        } catch (RuntimeException e) {
            // Should the loop ever die, say so loudly; the "dispatcher" health check turns unhealthy once messages wait.
            LOG.error("{} dispatcher stopped claiming", name, e);
        } catch (Error e) {
            LOG.error("{} dispatcher stopped claiming", name, e);
            throw e;
        }
    }

    private void claimUntilStopped() {
        long lastReconcile = System.nanoTime() - RECONCILE_EVERY_NANOS - 1;
        while (running) {
            try {
                if (System.nanoTime() - lastReconcile > RECONCILE_EVERY_NANOS) {
                    // Counted as done even if it fails: a reconciliation that keeps failing must not stop sending.
                    lastReconcile = System.nanoTime();
                    reconcile();
                }
                if (!dispatchOnce()) {
                    sleep(settings.pollInterval().toMilliseconds());
                }
            } catch (RuntimeException e) {
                LOG.warn("{} dispatcher pass failed; retrying shortly", name, e);
                metrics.meter(MetricRegistry.name("delivery", name, "failed-passes")).mark();
                pauseAfterError();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reconcile() {
        try {
            reconciler.reconcile(channel);
        } catch (RuntimeException e) {
            LOG.warn("{} reconciliation failed; will try again", name, e);
        }
    }

    /** Claims and schedules one batch; false when there was nothing to do. */
    boolean dispatchOnce() throws InterruptedException {
        int want = !senders.warm() ? 1
                : Math.min(settings.claimBatch(), Math.max(1, (int) Math.ceil(ratePerSecond * HORIZON.toMillis() / 1000.0)));
        if (!inFlight.tryAcquire(1, 200, TimeUnit.MILLISECONDS)) {
            return true; // all senders busy: not idle, just full
        }
        int held = 1 + drainUpTo(want - 1);
        try {
            List<Delivery> batch;
            try (Timer.Context ignored = claimLatency.time()) {
                batch = claims.claim(channel, held, Duration.ofMillis(settings.lease().toMilliseconds()));
            }
            lastClaim = clock.instant();
            inFlight.release(held - batch.size());
            held = batch.size();
            if (batch.isEmpty()) {
                return false;
            }
            List<Delivery> wanted;
            try {
                wanted = senders.withoutStopped(batch);
            } catch (RuntimeException e) {
                senders.giveBack(batch, "could not look for opt-outs"); // claimed again, consent read again then
                throw e;
            }
            inFlight.release(batch.size() - wanted.size()); // held back for a STOP: not sent now
            held = wanted.size();
            batch = wanted;
            if (batch.isEmpty()) {
                return true;
            }
            RateLimiter.Slots slots;
            try {
                slots = rateLimiter.acquire(name, batch.size(), ratePerSecond);
            } catch (RuntimeException e) {
                senders.giveBack(batch, "no rate-limit slot could be had");
                throw e;
            }
            for (int i = 0; i < batch.size(); i++) {
                rateLimitWait.update(slots.delayOf(i)); // a passed moment (negative) is not recorded
                if (!senders.scheduleAt(batch.get(i), slots.dueNanos(i))) {
                    senders.giveBack(batch.subList(i, batch.size()), "the dispatcher is stopping");
                    return true;
                }
                held--; // the scheduled send owns this permit now
            }
            if (!senders.warm()) {
                awaitFirstSend();
                return true;
            }
            // Don't run ahead of the rate: wait until this batch's slots are nearly used up.
            long aheadMillis = slots.delayOf(batch.size()).toMillis() - HORIZON.toMillis();
            if (aheadMillis > 0) {
                sleep(aheadMillis);
            }
            return true;
        } finally {
            inFlight.release(held); // whatever was not handed to a scheduled send, on every path
        }
    }

    /**
     * Waits (at most {@link #WARM_UP_PATIENCE_NANOS}) for the first send to come back; then claims at full size.
     * The first send runs cold code (the provider client's classes load, its connection opens, nothing is compiled
     * yet) for a few hundred ms on a busy host; the sends scheduled behind it woke on time, passed the lateness check
     * and then waited for the same class loading, and reached the provider together: 106 and 108 in one second at a
     * ceiling of 100, each time an instance had just started (bench/ResilienceHarness). So a fresh dispatcher claims
     * one message and waits for its answer first.
     */
    private void awaitFirstSend() throws InterruptedException {
        long deadline = System.nanoTime() + WARM_UP_PATIENCE_NANOS;
        while (!senders.warm() && running && System.nanoTime() < deadline) {
            sleep(5);
        }
        senders.markWarm();
    }

    private int drainUpTo(int n) {
        int got = 0;
        while (got < n && inFlight.tryAcquire()) {
            got++;
        }
        return got;
    }

    /** First step of a stop: no new claims. A claim in progress finishes (its messages are scheduled or given back). */
    void stopClaiming() throws InterruptedException {
        running = false;
        claimingThread.shutdown();
        if (!claimingThread.awaitTermination(settings.pollInterval().toMilliseconds() + 2_000, TimeUnit.MILLISECONDS)) {
            claimingThread.shutdownNow(); // most likely sleeping so as not to run ahead of the rate
            claimingThread.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Second step: the scheduled sends go out. */
    void drain() throws InterruptedException {
        senders.drain();
    }

    /** Last step: what the sends got back is recorded. */
    void stopRecording() throws InterruptedException {
        recorder.stop();
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
