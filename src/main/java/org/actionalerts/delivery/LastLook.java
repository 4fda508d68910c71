package org.actionalerts.delivery;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last look before an alert leaves: a message that needs consent is claimed up to a second or so before its
 * rate-limit slot, and a STOP can arrive in between (on any instance, while the inbound processor is still behind a
 * flood of replies). So the dispatcher asks {@link StopSignals} about each batch when it claims it ({@link
 * #stoppedNow}), and again, for everything still scheduled, every {@link #EVERY_MILLIS} ms ({@link #look}); a send
 * whose number has stopped is held back instead ({@link #clears} is false). Messages the person asked for (a STOP
 * confirmation, a HELP answer) are not watched: they must still go.
 */
final class LastLook {
    private static final Logger LOG = LoggerFactory.getLogger(LastLook.class);
    /** How often scheduled sends are looked at again: the longest an alert can leave after a STOP is stored. */
    static final long EVERY_MILLIS = 100;

    private final StopSignals signals;
    /** Scheduled sends that need consent: outbox id → number. */
    private final Map<Long, String> watched = new ConcurrentHashMap<>();
    /** Of those, the ones whose number has stopped since. */
    private final Set<Long> stopped = ConcurrentHashMap.newKeySet();

    LastLook(StopSignals signals) {
        this.signals = signals;
    }

    boolean active() {
        return signals != StopSignals.NONE;
    }

    /** Of a freshly claimed batch, the messages whose number has stopped already; the others are watched. */
    List<Delivery> stoppedNow(List<Delivery> batch) {
        List<Delivery> consented = batch.stream().filter(LastLook::needsConsent).toList();
        if (!active() || consented.isEmpty()) {
            return List.of();
        }
        Set<String> stop = signals.stoppedAmong(consented.stream().map(Delivery::recipient).toList());
        List<Delivery> held = consented.stream().filter(d -> stop.contains(d.recipient())).toList();
        consented.stream().filter(d -> !stop.contains(d.recipient())).forEach(d -> watched.put(d.id(), d.recipient()));
        return held;
    }

    /** One look at everything scheduled. A failure (database away) keeps the last answer; the next look retries. */
    void look() {
        if (watched.isEmpty()) {
            stopped.clear();
            return;
        }
        Map<Long, String> now = Map.copyOf(watched);
        try {
            Set<String> stop = signals.stoppedAmong(now.values());
            now.forEach((id, phone) -> {
                if (stop.contains(phone) && watched.containsKey(id)) {
                    stopped.add(id);
                }
            });
            stopped.retainAll(watched.keySet()); // ids sent meanwhile are forgotten
        } catch (RuntimeException e) {
            LOG.warn("Could not look again at scheduled messages for opt-outs ({}); retrying", e.getClass().getSimpleName());
        }
    }

    /** Called just before a send: true when it may go. It is no longer watched either way. */
    boolean clears(Delivery d) {
        if (watched.remove(d.id()) == null) {
            return true; // not one that needs consent
        }
        return !stopped.remove(d.id());
    }

    /** A message scheduled but then given back unsent: no longer watched. */
    void forget(Delivery d) {
        watched.remove(d.id());
        stopped.remove(d.id());
    }

    private static boolean needsConsent(Delivery d) {
        return d.kind() == Kind.CAMPAIGN;
    }
}
