package org.actionalerts.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A status in Twilio's status callback ({@code MessageStatus}), with the outbox status it means and how far along
 * that is. The one place the order of a message's stages is written: a receipt only moves a message forward
 * ({@link #overtakes}), so a late "sent" never overwrites "delivered" and a final state is never replaced.
 */
enum ReceiptStatus {
    QUEUED("sending", 1), ACCEPTED("sending", 1), SENDING("sending", 1), SENT("sent", 2),
    DELIVERED("delivered", 3), UNDELIVERED("failed", 3), FAILED("failed", 3);

    private final String outboxStatus;
    private final int stage;

    ReceiptStatus(String outboxStatus, int stage) {
        this.outboxStatus = outboxStatus;
        this.stage = stage;
    }

    /** Twilio's lower-case name; empty for a status Twilio may add later (such a callback is stored, not applied). */
    static Optional<ReceiptStatus> parse(String twilioStatus) {
        return Arrays.stream(values()).filter(s -> s.name().toLowerCase(Locale.ROOT).equals(twilioStatus)).findFirst();
    }

    String outboxStatus() {
        return outboxStatus;
    }

    boolean failed() {
        return "failed".equals(outboxStatus);
    }

    /** Whether this receipt tells more than the send itself did (the provider took the message: "sent"). */
    boolean afterSending() {
        return stage >= SENT.stage;
    }

    /**
     * The outbox statuses this receipt moves a message on from: those of a message in flight (sending, sent) at an
     * earlier stage than this receipt's.
     */
    List<String> overtakes() {
        return Stream.of(SENDING, SENT).filter(earlier -> earlier.stage < stage).map(ReceiptStatus::outboxStatus).toList();
    }
}
