package org.actionalerts.inbound;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Where texts asking for legal help go (the assistance queue). The inbound router calls it inside its own
 * transaction, so a text becomes a case exactly once.
 */
public interface AssistanceDesk {
    boolean isAssistanceRequest(String text);

    /** The requester's open case, if any: their further texts belong in its thread. */
    Optional<Long> openCaseOf(Handle h, long supporterId);

    /** Which of these supporters have an open case: one query for a whole batch of texts. */
    Set<Long> withOpenCase(Handle h, Collection<Long> supporterIds);

    void openFromSms(Handle h, long supporterId, String body, String language, String messageSid);

    void appendFromSms(Handle h, long caseId, String body);

    /** Until the assistance queue exists: no keyword opens a case. */
    AssistanceDesk NONE = new AssistanceDesk() {
        @Override
        public boolean isAssistanceRequest(String text) {
            return false;
        }

        @Override
        public Optional<Long> openCaseOf(Handle h, long supporterId) {
            return Optional.empty();
        }

        @Override
        public Set<Long> withOpenCase(Handle h, Collection<Long> supporterIds) {
            return Set.of();
        }

        @Override
        public void openFromSms(Handle h, long supporterId, String body, String language, String messageSid) {
            throw new IllegalStateException("no assistance desk");
        }

        @Override
        public void appendFromSms(Handle h, long caseId, String body) {
            throw new IllegalStateException("no assistance desk");
        }
    };
}
