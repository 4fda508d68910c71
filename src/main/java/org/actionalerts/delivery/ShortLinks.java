package org.actionalerts.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.actionalerts.consent.Channel;
import org.jdbi.v3.core.Handle;

/**
 * The recipients' short links, which the claim renders into campaign texts. Declared here and made by the actions
 * feature, so that delivery does not depend on it.
 */
public interface ShortLinks {
    record Key(long campaignId, long supporterId, Channel channel) {}

    /**
     * Each recipient's code: one made earlier (a retry, a text moved past quiet hours) is reused, the others are
     * made now, all in a few statements in the claim's transaction, whatever the number of keys.
     */
    Map<Key, String> codes(Handle h, Collection<Key> keys, Instant now);

    /** A code for a test send of the campaign: it redirects like a recipient's and counts nothing. */
    String testCode(Handle h, long campaignId, Channel channel, Instant now);

    /** No links are made: texts carry a representative code (tests of other parts). */
    ShortLinks NONE = new ShortLinks() {
        @Override
        public Map<Key, String> codes(Handle h, Collection<Key> keys, Instant now) {
            return Map.of();
        }

        @Override
        public String testCode(Handle h, long campaignId, Channel channel, Instant now) {
            return null;
        }
    };
}
