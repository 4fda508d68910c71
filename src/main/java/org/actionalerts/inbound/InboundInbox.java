package org.actionalerts.inbound;

import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.actionalerts.platform.errors.ApiException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the webhook leaves a text: stored durably, once per MessageSid, before Twilio gets its answer. Texts
 * arriving together are written by one thread in one statement and one commit (group commit), so a burst of
 * webhooks costs the database one flush per batch instead of one per text. What a text means is decided by the
 * {@link InboundProcessor} right after, off the request thread.
 */
public class InboundInbox implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(InboundInbox.class);
    private static final int BATCH = 500;
    /** Well inside Twilio's 15 s webhook timeout. */
    private static final long STORE_TIMEOUT_SECONDS = 10;

    private record Arrival(InboundSms sms, CompletableFuture<Void> stored) {}

    private final Jdbi jdbi;
    private final InboundProcessor processor;
    private final com.codahale.metrics.Timer storeTimer;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    public InboundInbox(Jdbi jdbi, InboundProcessor processor, com.codahale.metrics.MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.processor = processor;
        this.storeTimer = metrics.timer("inbound.store-batch");
    }

    /** Returns once the text is committed (a retried MessageSid is already there: nothing more happens). */
    public void accept(InboundSms sms) {
        if (!running) {
            throw new ApiException(503, "The service is shutting down; try again");
        }
        Arrival arrival = new Arrival(sms, new CompletableFuture<>());
        arrivals.add(arrival);
        try {
            arrival.stored().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "The message could not be stored; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "The service is shutting down; try again");
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::write, "inbound-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false; // the writer stores what is queued, then ends
        writer.join(TimeUnit.SECONDS.toMillis(STORE_TIMEOUT_SECONDS));
    }

    private void write() {
        List<Arrival> batch = new ArrayList<>(BATCH);
        while (running || !arrivals.isEmpty()) {
            try {
                Arrival first = arrivals.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                arrivals.drainTo(batch, BATCH - 1);
                try (var ignored = storeTimer.time()) {
                    store(batch);
                }
                batch.forEach(a -> a.stored().complete(null));
                processor.wake();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Could not store {} inbound texts; Twilio is answered 503", batch.size(), e);
                batch.forEach(a -> a.stored().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<Arrival> batch) {
        String[] sids = new String[batch.size()];
        String[] froms = new String[batch.size()];
        String[] bodies = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            InboundSms sms = batch.get(i).sms();
            sids[i] = sms.messageSid();
            froms[i] = sms.from();
            bodies[i] = sms.body();
        }
        // unnest keeps the arrays' order, so ids follow arrival order and the processor acts in that order.
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO inbound_messages (message_sid, from_phone, body)
                SELECT * FROM unnest(:sids, :froms, :bodies)
                ON CONFLICT (message_sid) DO NOTHING""")
                .bind("sids", sids).bind("froms", froms).bind("bodies", bodies).execute());
    }
}
