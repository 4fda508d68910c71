package org.actionalerts.consent;

import java.util.Optional;

/**
 * What someone asks of a supporter's consent on one channel, and what that does to the status it has: the rules
 * of consent, in one place and without a database. Staff, imports and sign-up forms can subscribe someone who has
 * never said anything, but never someone who unsubscribed: only the person can undo their own opt-out.
 */
public enum ConsentRequest {
    /** Opt-in given on someone's behalf (sign-up, import, staff): applies only while the status is {@code none}. */
    OPT_IN_ON_BEHALF,
    /** The person revoked consent (STOP, unsubscribe link, by phone to staff, carrier opt-out). Always honoured. */
    OPT_OUT,
    /** The person themself asked to (re)subscribe, e.g. by texting START: lifts an earlier opt-out. */
    RESUBSCRIBE,
    /** The number or address was suppressed when an erased person who had unsubscribed it was forgotten. */
    SUPPRESSED,
    /**
     * A list says no (an import's "no"): ends a subscription, and records nothing for someone who never said
     * anything (texting someone a list says not to is the worse mistake, but a "no" is not their opt-out).
     */
    LIST_SAYS_NO;

    /** The status to record for this request on {@code current}; empty when no event is recorded. */
    public Optional<ConsentStatus> decide(ConsentStatus current) {
        return switch (this) {
            case OPT_IN_ON_BEHALF -> current == ConsentStatus.NONE ? Optional.of(ConsentStatus.SUBSCRIBED) : Optional.empty();
            case OPT_OUT, SUPPRESSED -> current == ConsentStatus.UNSUBSCRIBED ? Optional.empty() : Optional.of(ConsentStatus.UNSUBSCRIBED);
            case RESUBSCRIBE -> Optional.of(ConsentStatus.SUBSCRIBED);
            case LIST_SAYS_NO -> current == ConsentStatus.SUBSCRIBED ? Optional.of(ConsentStatus.UNSUBSCRIBED) : Optional.empty();
        };
    }
}
