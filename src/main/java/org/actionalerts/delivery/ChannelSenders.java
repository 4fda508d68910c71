package org.actionalerts.delivery;

import java.time.Clock;

import java.time.Duration;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.actionalerts.consent.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send step of one channel: each claimed message is sent at its rate-limit slot by a pool of threads
 * ({@code dispatcher-<channel>-send-<n>}), and what the provider answered goes to be recorded. Each scheduled send
 * owns one in-flight permit, given back on every path (or handed on with an accepted message to the recorder).
 */
final class ChannelSenders {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSenders.class);
    /**
     * A send leaving later than this after its rate-limit slot takes a new slot instead. Slots are spaced
     * {@link RateLimiter#SAFETY} × 1/rate apart, so sends up to 80 ms late can never put more than the ceiling in
     * one second; most of that is left for the request's own way to the provider and for stalls of the host.
     * (Measured: without this, a loaded host let 103–104 through in one second at 100/s.)
     */
    private static final long MAX_LATENESS_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** An alert held back for a STOP not yet acted on is claimed again no sooner than this. */
    private static final Duration HOLD_BACK = Duration.ofSeconds(2);

    /** The channel's stored word: it names the threads, metrics and log lines. */
    private final String name;
    private final int ratePerSecond;
    private final OutboxClaims claims;
    private final RateLimiter rateLimiter;
    private final Function<Delivery, SendResult> sender;
    private final DeliveryRecorder recorder;
    private final AcceptedRecorder accepted;
    private final MetricRegistry metrics;
    private final Timer providerLatency;
    private final ProviderFailures providerFailures;
    private final Semaphore inFlight;
    private final ScheduledExecutorService pool;
    private final Clock clock;
    private final LastLook lastLook;
    /** Looks again at what is scheduled ({@code dispatcher-<channel>-last-look}); null when nothing needs it. */
    private final ScheduledExecutorService looker;
    /** False until this process's first send has come back (see ChannelDispatcher's warm-up). */
    private volatile boolean warm;

    ChannelSenders(Channel channel, int ratePerSecond, int threads, OutboxClaims claims, RateLimiter rateLimiter,
                   Function<Delivery, SendResult> sender, DeliveryRecorder recorder, AcceptedRecorder accepted,
                   MetricRegistry metrics, ProviderFailures providerFailures, Semaphore inFlight,
                   Clock clock, StopSignals stops, LifecycleEnvironment lifecycle) {
        this.name = channel.dbValue();
        this.ratePerSecond = ratePerSecond;
        this.claims = claims;
        this.rateLimiter = rateLimiter;
        this.sender = sender;
        this.recorder = recorder;
        this.accepted = accepted;
        this.metrics = metrics;
        this.providerLatency = metrics.timer(MetricRegistry.name("delivery", name, "provider-latency"));
        this.providerFailures = providerFailures;
        this.inFlight = inFlight;
        this.pool = lifecycle.scheduledExecutorService("dispatcher-" + name + "-send-%d", true).threads(threads).build();
        this.clock = clock;
        this.lastLook = new LastLook(stops);
        this.looker = lastLook.active()
                ? lifecycle.scheduledExecutorService("dispatcher-" + name + "-last-look", true).threads(1).build() : null;
    }

    void start() {
        if (looker != null) {
            looker.scheduleWithFixedDelay(lastLook::look, LastLook.EVERY_MILLIS, LastLook.EVERY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Of a freshly claimed batch, the alerts whose number has just asked to stop: held back (given back for
     * {@link #HOLD_BACK}, their permits released); the rest, to be scheduled, are watched until they are sent.
     */
    List<Delivery> withoutStopped(List<Delivery> batch) {
        List<Delivery> stopped = lastLook.stoppedNow(batch);
        if (stopped.isEmpty()) {
            return batch;
        }
        holdBack(stopped);
        return batch.stream().filter(d -> !stopped.contains(d)).toList();
    }

    /** Whether a send has come back yet (or the dispatcher stopped waiting for one). */
    boolean warm() {
        return warm;
    }

    /** The dispatcher has waited long enough for the first send: from now on it claims at full size. */
    void markWarm() {
        warm = true;
    }

    /**
     * Schedules the send for its slot's moment ({@code dueNanos}, on {@link System#nanoTime}'s scale, fixed by the
     * rate limiter on the database's clock). The moment is not measured from now: a slot learnt late is late, and
     * {@link #sendOnTime} takes a new one rather than sending it bunched with the next holder's slots.
     * False when the senders are shut down (stopping) and the message was not scheduled.
     */
    boolean scheduleAt(Delivery d, long dueNanos) {
        try {
            pool.schedule(() -> sendOnTime(d, dueNanos), Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
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
            metrics.meter(MetricRegistry.name("delivery", name, "reslotted")).mark();
            rescheduled = scheduleAt(d, rateLimiter.acquire(name, 1, ratePerSecond).dueNanos(0));
            if (!rescheduled) {
                giveBack(List.of(d), "the dispatcher is stopping");
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not take a new rate-limit slot for late message {}", d.id(), e);
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
                LOG.warn("{} gateway threw for message {}; treating as transient", name, d.id(), e);
                result = SendResult.failed(SendResult.Outcome.TRANSIENT, "gateway-error", e.getClass().getSimpleName(), null);
            }
            warm = true;
            metrics.meter(MetricRegistry.name("delivery", name, result.outcome().name().toLowerCase(java.util.Locale.ROOT))).mark();
            if (result.errorCode() != null) {
                metrics.meter(MetricRegistry.name("delivery", name, "errors", errorCodeLabel(result.errorCode()))).mark();
            }
            providerFailures.record(result);
            if (result.outcome() == SendResult.Outcome.ACCEPTED) {
                accepted.add(d, result);
                queuedForRecording = true;
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

    /** Best effort: if the database refuses this too, the rows' leases run out and the reconciler settles them. */
    void giveBack(List<Delivery> unsent, String why) {
        unsent.forEach(lastLook::forget);
        try {
            int n = claims.giveBack(unsent);
            LOG.info("{} {} claimed message(s) given back to the queue unsent: {}", name, n, why);
        } catch (RuntimeException e) {
            LOG.warn("Could not give back {} claimed {} message(s) ({}); the reconciler will settle them after their lease",
                    unsent.size(), name, why, e);
        }
    }

    /** Alerts to numbers that have just sent STOP: back to the queue, not claimed again for {@link #HOLD_BACK}. */
    private void holdBack(List<Delivery> unsent) {
        metrics.meter(MetricRegistry.name("delivery", name, "held-for-stop")).mark(unsent.size());
        try {
            claims.holdBack(unsent, clock.instant().plus(HOLD_BACK));
        } catch (RuntimeException e) {
            LOG.warn("Could not hold back {} {} message(s) for a STOP ({}); their lease runs out and the claim then "
                    + "suppresses them", unsent.size(), name, e.getClass().getSimpleName());
        }
    }

    /** Second step of a stop, after the claiming has ended: the scheduled sends go out, and nothing new is taken. */
    void drain() throws InterruptedException {
        pool.shutdown(); // sends already scheduled still run at their slots; a late one that needs a new slot is given back
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("{} sends still running after 30 s; their rows stay sending and the reconciler will settle them", name);
        }
        if (looker != null) {
            looker.shutdown();
        }
    }

    /** A provider's error code as a metric name part: its own characters when plain and short, else "other". */
    static String errorCodeLabel(String code) {
        return code.length() <= 32 && code.matches("[A-Za-z0-9_-]+") ? code : "other";
    }
}
