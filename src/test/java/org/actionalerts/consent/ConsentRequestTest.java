package org.actionalerts.consent;

import static org.actionalerts.consent.ConsentStatus.NONE;
import static org.actionalerts.consent.ConsentStatus.SUBSCRIBED;
import static org.actionalerts.consent.ConsentStatus.UNSUBSCRIBED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of consent, without a database: what each request does to each status. */
class ConsentRequestTest {
    @Test
    void anOptInOnSomeonesBehalfSubscribesOnlySomeoneWhoNeverSaidAnything() {
        assertThat(ConsentRequest.OPT_IN_ON_BEHALF.decide(NONE)).contains(SUBSCRIBED);
        assertThat(ConsentRequest.OPT_IN_ON_BEHALF.decide(SUBSCRIBED)).isEmpty();
        assertThat(ConsentRequest.OPT_IN_ON_BEHALF.decide(UNSUBSCRIBED)).as("only the person undoes an opt-out").isEmpty();
    }

    @Test
    void anOptOutIsAlwaysHonouredAndRecordedOnce() {
        assertThat(ConsentRequest.OPT_OUT.decide(NONE)).contains(UNSUBSCRIBED);
        assertThat(ConsentRequest.OPT_OUT.decide(SUBSCRIBED)).contains(UNSUBSCRIBED);
        assertThat(ConsentRequest.OPT_OUT.decide(UNSUBSCRIBED)).isEmpty();
    }

    @Test
    void aSuppressedNumberOrAddressIsOptedOut() {
        assertThat(ConsentRequest.SUPPRESSED.decide(NONE)).contains(UNSUBSCRIBED);
        assertThat(ConsentRequest.SUPPRESSED.decide(SUBSCRIBED)).contains(UNSUBSCRIBED);
        assertThat(ConsentRequest.SUPPRESSED.decide(UNSUBSCRIBED)).isEmpty();
    }

    @Test
    void thePersonsOwnRequestSubscribesWhateverTheStatus() {
        for (ConsentStatus current : ConsentStatus.values()) {
            assertThat(ConsentRequest.RESUBSCRIBE.decide(current)).as(current.wireName()).contains(SUBSCRIBED);
        }
    }

    @Test
    void aListsNoEndsASubscriptionButIsNotAnOptOutOfItsOwn() {
        assertThat(ConsentRequest.LIST_SAYS_NO.decide(SUBSCRIBED)).contains(UNSUBSCRIBED);
        assertThat(ConsentRequest.LIST_SAYS_NO.decide(NONE)).isEmpty();
        assertThat(ConsentRequest.LIST_SAYS_NO.decide(UNSUBSCRIBED)).isEmpty();
    }

    @Test
    void everyRequestHasAnAnswerForEveryStatus() {
        for (ConsentRequest request : ConsentRequest.values()) {
            for (ConsentStatus current : ConsentStatus.values()) {
                Optional<ConsentStatus> next = request.decide(current);
                assertThat(next).as(request + " on " + current).isNotNull();
                next.ifPresent(status -> assertThat(status).isNotEqualTo(NONE));
            }
        }
    }
}
