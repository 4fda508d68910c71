package org.actionalerts.inbound;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.actionalerts.delivery.StopSignals;
import org.jdbi.v3.core.Jdbi;

/**
 * Numbers with an opt-out text stored but not yet acted on (the webhook marks it when it stores it), or whose SMS
 * consent is no longer "subscribed". Under a flood of replies the processor may be seconds behind; an alert to
 * such a number must not leave in the meantime. One indexed query per call (inbound_messages_pending_by_phone).
 */
public final class PendingStops implements StopSignals {
    private final Jdbi jdbi;

    public PendingStops(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Set<String> stoppedAmong(Collection<String> phones) {
        if (phones.isEmpty()) {
            return Set.of();
        }
        String[] numbers = phones.stream().distinct().toArray(String[]::new);
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT from_phone AS phone FROM inbound_messages
                         WHERE processed_at IS NULL AND opt_out AND from_phone = ANY(:phones)
                        UNION
                        SELECT phone FROM supporters WHERE phone = ANY(:phones) AND sms_status <> 'subscribed'""")
                .bind("phones", numbers).mapTo(String.class).stream().collect(Collectors.toUnmodifiableSet()));
    }
}
