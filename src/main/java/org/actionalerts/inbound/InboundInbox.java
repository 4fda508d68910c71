package org.actionalerts.inbound;

import io.dropwizard.lifecycle.Managed;
import java.util.Collections;
import java.util.List;
import org.actionalerts.platform.GroupCommit;
import org.jdbi.v3.core.Jdbi;

/**
 * Where the webhook leaves a text: stored durably, once per MessageSid, before Twilio gets its answer. Texts
 * arriving together are written in one statement and one commit ({@link GroupCommit}), so a burst of webhooks
 * costs the database one flush per batch instead of one per text. What a text means is decided by the
 * {@link InboundProcessor} right after, off the request thread.
 */
class InboundInbox implements Managed {
    /** Well inside Twilio's 15 s webhook timeout. */
    private static final long STORE_TIMEOUT_SECONDS = 10;

    private final Jdbi jdbi;
    private final InboundProcessor processor;
    private final Keywords keywords;
    private final GroupCommit<InboundSms, Void> writer;

    /** @param thread the writer's thread (see {@link GroupCommit}) */
    public InboundInbox(Jdbi jdbi, InboundProcessor processor, Keywords keywords,
                        com.codahale.metrics.MetricRegistry metrics, java.util.concurrent.ExecutorService thread) {
        this.jdbi = jdbi;
        this.processor = processor;
        this.keywords = keywords;
        // Texts are stored, and so acted on, in the order they arrived. Metric inbound.store-batch.
        this.writer = new GroupCommit<>("inbound.store", 500, STORE_TIMEOUT_SECONDS,
                "The message could not be stored; try again", this::store, metrics, thread);
    }

    /** Returns once the text is committed (a retried MessageSid is already there: nothing more happens). */
    public void accept(InboundSms sms) {
        writer.submit(sms);
    }

    @Override
    public void start() {
        writer.start();
    }

    @Override
    public void stop() throws InterruptedException {
        writer.stop();
    }

    private List<Void> store(List<InboundSms> batch) {
        String[] sids = new String[batch.size()];
        String[] froms = new String[batch.size()];
        String[] bodies = new String[batch.size()];
        boolean[] optOuts = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            InboundSms sms = batch.get(i);
            sids[i] = sms.messageSid();
            froms[i] = sms.from();
            bodies[i] = sms.body();
            // Marked now, before it is acted on: dispatchers hold back alerts to this number from the moment the
            // text is committed (PendingStops), and the processor takes opt-outs ahead of a backlog of replies.
            optOuts[i] = keywords.meaning(sms.body()) == Keywords.Meaning.OPT_OUT;
        }
        // unnest keeps the arrays' order, so ids follow arrival order and the processor acts in that order.
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO inbound_messages (message_sid, from_phone, body, opt_out)
                SELECT * FROM unnest(:sids, :froms, :bodies, :optOuts)
                ON CONFLICT (message_sid) DO NOTHING""")
                .bind("sids", sids).bind("froms", froms).bind("bodies", bodies).bind("optOuts", optOuts).execute());
        processor.wake();
        return Collections.nCopies(batch.size(), null);
    }
}
