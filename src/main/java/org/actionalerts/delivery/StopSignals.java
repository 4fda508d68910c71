package org.actionalerts.delivery;

import java.util.Collection;
import java.util.Set;

/**
 * Which of these numbers have asked, since their alerts were claimed, not to get them: an opt-out text stored and
 * not yet acted on, or consent already withdrawn. Delivery asks this just before it hands an alert to the provider
 * (see {@link LastLook}); the inbound feature, which stores the texts, answers it.
 */
@FunctionalInterface
public interface StopSignals {
    StopSignals NONE = phones -> Set.of();

    Set<String> stoppedAmong(Collection<String> phones);
}
