package org.actionalerts.delivery;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim → send → record loop for one channel. One thread claims; a pool sends, each message at its
 * rate-limit slot; at most {@code concurrency} messages are in flight (claimed and not yet recorded). Accepted
 * messages are recorded by one recording thread in batches (one transaction for all that arrived meanwhile);
 * every other outcome is recorded at once by the sending thread. Lost leases are reconciled every few seconds.
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
    /**
     * A send leaving later than this after its rate-limit slot takes a new slot instead. Slots are spaced
     * {@link RateLimiter#SAFETY} × 1/rate apart, so sends up to 80 ms late can never put more than the ceiling in
     * one second; most of that is left for the request's own way to the provider and for stalls of the host. (Measured: without this, a
     * loaded host let 103–104 through in one second at 100/s.)
     */
    private static final long MAX_LATENESS_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long the first claim waits for its one send to come back before the dispatcher claims at full size. */
    private static final long WARM_UP_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** At most this many accepted messages are recorded in one transaction. */
    private static final int RECORD_BATCH = 500;
    /** An alert held back for a STOP not yet acted on is claimed again no sooner than this. */
    private static final Duration HOLD_BACK = Duration.ofSeconds(2);

    private final String channel;
    private final Clock clock;
    private final int ratePerSecond;
    private final DispatcherSettings settings;
    private final OutboxClaims claims;
    private final RateLimiter rateLimiter;
    private final Function<Delivery, SendResult> sender;
    private final DeliveryRecorder recorder;
    private final Reconciler reconciler;
    private final MetricRegistry metrics;
    private final Timer providerLatency;
    private final Timer claimLatency;
    private final Timer rateLimitWait;
    private final ProviderFailures providerFailures;
    private final LastLook lastLook;
    private final ScheduledExecutorService looker;
    private final Semaphore inFlight;
    private final ScheduledExecutorService senders;
    /** Accepted messages waiting to be recorded; each still holds its in-flight permit. */
    private final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
    private final Thread recordingThread;
    private final Thread claimingThread;
    /** When a claim last succeeded (found messages or found none due), on the clock due times are compared on. */
    private volatile Instant lastClaim;
    private volatile boolean running = true;
    private volatile boolean recording = true;
    /**
     * False until this process's first send has come back. The first send runs cold code (the provider client's
     * classes load, its connection opens, nothing is compiled yet) for a few hundred ms on a busy host; the sends
     * scheduled behind it woke on time, passed the lateness check and then waited for the same class loading, and
     * reached the provider together: 106 and 108 in one second at a ceiling of 100, each time an instance had just
     * started (bench/ResilienceHarness). So a fresh dispatcher claims one message and waits for its answer first.
     */
    private volatile boolean warm;

    private record Accepted(Delivery delivery, SendResult result) {}

    ChannelDispatcher(String channel, Clock clock, int ratePerSecond, DispatcherSettings settings, OutboxClaims claims,
                      RateLimiter rateLimiter, Function<Delivery, SendResult> sender, DeliveryRecorder recorder,
                      Reconciler reconciler, MetricRegistry metrics, ProviderFailures providerFailures,
                      StopSignals stopSignals) {
        this.channel = channel;
        this.clock = clock;
        this.lastClaim = clock.instant(); // not stalled before it has had a chance to claim
        this.ratePerSecond = ratePerSecond;
        this.settings = settings;
        this.claims = claims;
        this.rateLimiter = rateLimiter;
        this.sender = sender;
        this.recorder = recorder;
        this.reconciler = reconciler;
        this.metrics = metrics;
        this.providerLatency = metrics.timer(MetricRegistry.name("delivery", channel, "provider-latency"));
        this.claimLatency = metrics.timer(MetricRegistry.name("delivery", channel, "claim-latency"));
        this.rateLimitWait = metrics.timer(MetricRegistry.name("delivery", channel, "rate-limit-wait"));
        this.providerFailures = providerFailures;
        this.lastLook = new LastLook(stopSignals);
        this.looker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, channel + "-last-look");
            t.setDaemon(true);
            return t;
        });
        metrics.gauge(MetricRegistry.name("delivery", channel, "provider-failing"), () -> providerFailures::failures);
        this.inFlight = new Semaphore(settings.inFlightFor(ratePerSecond));
        this.senders = Executors.newScheduledThreadPool(settings.inFlightFor(ratePerSecond), r -> {
            Thread t = new Thread(r, channel + "-sender");
            t.setDaemon(true);
            return t;
        });
        this.recordingThread = new Thread(this::recordAccepted, channel + "-recorder");
        this.recordingThread.setDaemon(true);
        this.claimingThread = new Thread(this, channel + "-dispatcher");
        this.claimingThread.setDaemon(true);
        // Should the loop ever die, say so loudly; the "dispatcher" health check turns unhealthy once messages wait.
        this.claimingThread.setUncaughtExceptionHandler((t, e) -> LOG.error("{} dispatcher stopped claiming", channel, e));
    }

    String channel() {
        return channel;
    }

    Instant lastClaim() {
        return lastClaim;
    }

    void start() {
        if (lastLook.active()) {
            looker.scheduleWithFixedDelay(lastLook::look, LastLook.EVERY_MILLIS, LastLook.EVERY_MILLIS, TimeUnit.MILLISECONDS);
        }
        recordingThread.start();
        claimingThread.start();
    }

    @Override
    public void run() {
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
                LOG.warn("{} dispatcher pass failed; retrying shortly", channel, e);
                metrics.meter(MetricRegistry.name("delivery", channel, "failed-passes")).mark();
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
            LOG.warn("{} reconciliation failed; will try again", channel, e);
        }
    }

    /** Claims and schedules one batch; false when there was nothing to do. */
    boolean dispatchOnce() throws InterruptedException {
        int want = !warm ? 1
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
            List<Delivery> stopped = lastLook.stoppedNow(batch);
            if (!stopped.isEmpty()) {
                holdBack(stopped);
                inFlight.release(stopped.size());
                held -= stopped.size();
                batch = batch.stream().filter(d -> !stopped.contains(d)).toList();
                if (batch.isEmpty()) {
                    return true;
                }
            }
            RateLimiter.Slots slots;
            try {
                slots = rateLimiter.acquire(channel, batch.size(), ratePerSecond);
            } catch (RuntimeException e) {
                batch.forEach(lastLook::forget);
                giveBack(batch, "no rate-limit slot could be had");
                throw e;
            }
            for (int i = 0; i < batch.size(); i++) {
                rateLimitWait.update(slots.delayOf(i)); // a passed moment (negative) is not recorded
                if (!scheduleAt(batch.get(i), slots.dueNanos(i))) {
                    batch.subList(i, batch.size()).forEach(lastLook::forget);
                    giveBack(batch.subList(i, batch.size()), "the dispatcher is stopping");
                    return true;
                }
                held--; // the scheduled send owns this permit now
            }
            if (!warm) {
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

    /** Waits (at most {@link #WARM_UP_PATIENCE_NANOS}) for the first send to come back; then claims at full size. */
    private void awaitFirstSend() throws InterruptedException {
        long deadline = System.nanoTime() + WARM_UP_PATIENCE_NANOS;
        while (!warm && running && System.nanoTime() < deadline) {
            sleep(5);
        }
        warm = true;
    }

    /** Best effort: if the database refuses this too, the rows' leases run out and the reconciler settles them. */
    private void giveBack(List<Delivery> unsent, String why) {
        try {
            int n = claims.giveBack(unsent);
            LOG.info("{} {} claimed message(s) given back to the queue unsent: {}", channel, n, why);
        } catch (RuntimeException e) {
            LOG.warn("Could not give back {} claimed {} message(s) ({}); the reconciler will settle them after their lease",
                    unsent.size(), channel, why, e);
        }
    }

    /** Alerts to numbers that have just sent STOP: back to the queue, not claimed again for {@link #HOLD_BACK}. */
    private void holdBack(List<Delivery> unsent) {
        metrics.meter(MetricRegistry.name("delivery", channel, "held-for-stop")).mark(unsent.size());
        try {
            claims.holdBack(unsent, clock.instant().plus(HOLD_BACK));
        } catch (RuntimeException e) {
            LOG.warn("Could not hold back {} {} message(s) for a STOP ({}); their lease runs out and the claim then "
                    + "suppresses them", unsent.size(), channel, e.getClass().getSimpleName());
        }
    }

    private int drainUpTo(int n) {
        int got = 0;
        while (got < n && inFlight.tryAcquire()) {
            got++;
        }
        return got;
    }

    /**
     * Schedules the send for its slot's moment ({@code dueNanos}, on {@link System#nanoTime}'s scale, fixed by the
     * rate limiter on the database's clock). The moment is not measured from now: a slot learnt late is late, and
     * {@link #sendOnTime} takes a new one rather than sending it bunched with the next holder's slots.
     * False when the senders are shut down (stopping) and the message was not scheduled.
     */
    private boolean scheduleAt(Delivery d, long dueNanos) {
        try {
            senders.schedule(() -> sendOnTime(d, dueNanos), Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    /** Sends at the slot, or, if this thread woke too late for it, takes a new slot (keeping the permit). */
    private void sendOnTime(Delivery d, long dueNanos) {
        if (System.nanoTime() - dueNanos <= MAX_LATENESS_NANOS) {
            if (lastLook.clears(d)) {
                send(d);
            } else {
                holdBack(List.of(d));
                inFlight.release();
            }
            return;
        }
        boolean rescheduled = false;
        try {
            metrics.meter(MetricRegistry.name("delivery", channel, "reslotted")).mark();
            rescheduled = scheduleAt(d, rateLimiter.acquire(channel, 1, ratePerSecond).dueNanos(0));
            if (!rescheduled) {
                lastLook.forget(d);
                giveBack(List.of(d), "the dispatcher is stopping");
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not take a new rate-limit slot for late message {}", d.id(), e);
            lastLook.forget(d);
            giveBack(List.of(d), "no rate-limit slot could be had");
        } finally {
            if (!rescheduled) {
                inFlight.release();
            }
        }
    }

    private void send(Delivery d) {
        boolean queuedForRecording = false;
        try {
            SendResult result;
            try (Timer.Context ignored = providerLatency.time()) {
                result = sender.apply(d);
            } catch (RuntimeException e) {
                warm = true;
                LOG.warn("{} gateway threw for message {}; treating as transient", channel, d.id(), e);
                result = SendResult.failed(SendResult.Outcome.TRANSIENT, "gateway-error", e.getClass().getSimpleName(), null);
            }
            warm = true;
            metrics.meter(MetricRegistry.name("delivery", channel, result.outcome().name().toLowerCase())).mark();
            if (result.errorCode() != null) {
                metrics.meter(MetricRegistry.name("delivery", channel, "errors", errorCodeLabel(result.errorCode()))).mark();
            }
            providerFailures.record(result);
            if (result.outcome() == SendResult.Outcome.ACCEPTED) {
                queuedForRecording = accepted.offer(new Accepted(d, result)); // unbounded: always true
            } else {
                recorder.record(d, result);
            }
        } catch (RuntimeException e) {
            // The row stays "sending"; its lease runs out and the reconciler settles it.
            LOG.error("Could not record the outcome of message {}; the reconciler will settle it", d.id(), e);
        } finally {
            if (!queuedForRecording) {
                inFlight.release();
            }
        }
    }

    /**
     * The recording thread: takes every accepted message that has arrived since its last pass and records them
     * in one transaction, then frees their in-flight permits. Runs until {@link #stop} has let the senders finish
     * and the queue is empty. If the process dies first, the rows are still "sending" and the reconciler asks the
     * provider about them once their lease runs out, as for any crash between send and record.
     */
    private void recordAccepted() {
        List<Accepted> batch = new ArrayList<>(RECORD_BATCH);
        while (recording || !accepted.isEmpty()) {
            try {
                Accepted first = accepted.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                accepted.drainTo(batch, RECORD_BATCH - 1);
                List<Delivery> deliveries = new ArrayList<>(batch.size());
                List<SendResult> results = new ArrayList<>(batch.size());
                for (Accepted a : batch) {
                    deliveries.add(a.delivery());
                    results.add(a.result());
                }
                recorder.recordAccepted(deliveries, results);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Could not record {} accepted {} messages; the reconciler will settle them", batch.size(), channel, e);
            } finally {
                inFlight.release(batch.size());
                batch.clear();
            }
        }
    }

    /** First step of a stop: no new claims. A claim in progress finishes (its messages are scheduled or given back). */
    void stopClaiming() throws InterruptedException {
        running = false;
        claimingThread.join(settings.pollInterval().toMilliseconds() + 2_000);
        if (claimingThread.isAlive()) { // most likely sleeping so as not to run ahead of the rate
            claimingThread.interrupt();
            claimingThread.join(10_000);
        }
    }

    /** Second step: the scheduled sends go out, then what they got back is recorded. */
    void drain() throws InterruptedException {
        senders.shutdown();
        looker.shutdown(); // a send still to go is let through on the last answer: the STOP processor catches up
        if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("{} sends still running after 30 s; their rows stay sending and the reconciler will settle them", channel);
        }
        recording = false; // the recording thread records what is queued, then ends
        recordingThread.join(30_000);
    }

    /** A provider's error code as a metric name part: its own characters when plain and short, else "other". */
    static String errorCodeLabel(String code) {
        return code.length() <= 32 && code.matches("[A-Za-z0-9_-]+") ? code : "other";
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
