package org.actionalerts.consent;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Consent events for many supporters at once (CSV import), decided by {@link ConsentRequest} like every other
 * change and written with one statement. For speed the batch does not touch the status columns: the caller writes
 * each supporter's row once, in the same transaction, with {@link #lastStatus} (its status columns are the only
 * ones written outside {@link ConsentDao#append}). The result is exactly that of appending each event with
 * {@link ConsentDao#append}, without rewriting every row a second and third time.
 */
public final class ConsentBatch {
    private final String source;
    private final List<Long> ids = new ArrayList<>();
    private final List<String> channels = new ArrayList<>();
    private final List<String> statuses = new ArrayList<>();
    private final List<String> evidence = new ArrayList<>();
    /** Per supporter and channel, the status of the batch's last event. */
    private final Map<Long, String> lastSms = new HashMap<>();
    private final Map<Long, String> lastEmail = new HashMap<>();

    public ConsentBatch(String source) {
        this.source = source;
    }

    /** An event for the batch: a status a {@link ConsentRequest} decided. */
    public void add(long supporterId, Channel channel, ConsentStatus status, String why) {
        ids.add(supporterId);
        channels.add(channel.wireName());
        statuses.add(status.wireName());
        evidence.add(why);
        (channel == Channel.SMS ? lastSms : lastEmail).put(supporterId, status.wireName());
    }

    /** The status the supporter's row should get for the channel; null when this batch does not change it. */
    public String lastStatus(long supporterId, Channel channel) {
        return (channel == Channel.SMS ? lastSms : lastEmail).get(supporterId);
    }

    /** Appends the batch's events, in the order they were added, with one statement. */
    public void write(Handle h) {
        if (!ids.isEmpty()) {
            h.attach(ConsentDao.class).insertEvents(ids.toArray(Long[]::new), channels.toArray(String[]::new),
                    statuses.toArray(String[]::new), source, evidence.toArray(String[]::new));
        }
    }

    /**
     * Which of these numbers (or addresses; null for none) were suppressed when an unsubscribed person was erased:
     * element i is address i. Each digest is computed once and looked up with one query.
     */
    public static boolean[] suppressed(Handle h, Channel channel, List<String> addresses) {
        boolean[] suppressed = new boolean[addresses.size()];
        byte[][] digests = new byte[addresses.size()][];
        List<byte[]> present = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            if (address != null) {
                digests[i] = ConsentService.digest(channel, address);
                present.add(digests[i]);
            }
        }
        if (present.isEmpty()) {
            return suppressed;
        }
        Set<ByteBuffer> found = new HashSet<>();
        for (byte[] d : h.attach(ConsentDao.class).suppressed(channel.wireName(), present.toArray(byte[][]::new))) {
            found.add(ByteBuffer.wrap(d));
        }
        if (found.isEmpty()) {
            return suppressed;
        }
        for (int i = 0; i < digests.length; i++) {
            suppressed[i] = digests[i] != null && found.contains(ByteBuffer.wrap(digests[i]));
        }
        return suppressed;
    }
}
