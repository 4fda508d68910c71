package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A receipt only moves a message forward: the rule StatusCallbackTest shows end to end, here stage by stage. */
class ReceiptStatusTest {
    @Test
    void earlyStagesAreOnlyStored() {
        for (String early : new String[] {"queued", "accepted", "sending"}) {
            assertThat(ReceiptStatus.parse(early).orElseThrow().afterSending()).as(early).isFalse();
        }
        assertThat(ReceiptStatus.parse("read")).isEmpty(); // a status Twilio may add
        assertThat(ReceiptStatus.parse("DELIVERED")).isEmpty();
    }

    @Test
    void sentMovesOnlyASendingMessageAndAFinalStateMovesEitherInFlightOne() {
        assertThat(ReceiptStatus.SENT.overtakes()).containsExactly("sending");
        assertThat(ReceiptStatus.DELIVERED.overtakes()).containsExactly("sending", "sent");
        assertThat(ReceiptStatus.UNDELIVERED.overtakes()).containsExactly("sending", "sent");
        assertThat(ReceiptStatus.UNDELIVERED.outboxStatus()).isEqualTo(Status.FAILED);
        assertThat(ReceiptStatus.UNDELIVERED.failed()).isTrue();
        assertThat(ReceiptStatus.DELIVERED.failed()).isFalse();
    }
}
