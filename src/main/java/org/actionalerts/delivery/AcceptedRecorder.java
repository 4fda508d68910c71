package org.actionalerts.delivery;

import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.actionalerts.consent.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record step of one channel: messages the provider accepted are recorded by one thread
 * ({@code dispatcher-<channel>-record}) in batches, one transaction for all that arrived since its last pass, and
 * then their in-flight permits are freed. Every other outcome is recorded at once by the sending thread.
 */
final class AcceptedRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptedRecorder.class);
    /** At most this many accepted messages are recorded in one transaction. */
    private static final int RECORD_BATCH = 500;

    private record Accepted(Delivery delivery, SendResult result) {}

    /** The channel's stored word: it names the thread and the log lines. */
    private final String name;
    private final DeliveryRecorder recorder;
    private final Semaphore inFlight;
    private final ExecutorService thread;
    /** Accepted messages waiting to be recorded; each still holds its in-flight permit. */
    private final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
    private volatile boolean recording = true;

    AcceptedRecorder(Channel channel, DeliveryRecorder recorder, Semaphore inFlight, LifecycleEnvironment lifecycle) {
        this.name = channel.dbValue();
        this.recorder = recorder;
        this.inFlight = inFlight;
        this.thread = lifecycle.executorService("dispatcher-" + name + "-record").minThreads(1).maxThreads(1).build();
    }

    void start() {
        thread.execute(this::recordAccepted);
    }

    /** Queues an accepted message for recording; its in-flight permit is freed once it is recorded. */
    void add(Delivery d, SendResult result) {
        accepted.add(new Accepted(d, result)); // unbounded: never refused
    }

    /**
     * Takes every accepted message that has arrived since the last pass and records them in one transaction, then
     * frees their in-flight permits. Runs until {@link #stop} (called once the senders have finished) and the queue
     * is empty. If the process dies first, the rows are still "sending" and the reconciler asks the provider about
     * them once their lease runs out, as for any crash between send and record.
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
                LOG.error("Could not record {} accepted {} messages; the reconciler will settle them", batch.size(), name, e);
            } finally {
                inFlight.release(batch.size());
                batch.clear();
            }
        }
    }

    /** Last step of a stop, after the senders have finished: records what is queued, then ends. */
    void stop() throws InterruptedException {
        recording = false;
        thread.shutdown();
        if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("{} accepted messages still being recorded after 30 s; the reconciler will settle the rest", name);
        }
    }
}
