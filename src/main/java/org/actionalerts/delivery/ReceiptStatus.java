package org.actionalerts.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A status in Twilio's status callback ({@code MessageStatus}), with the outbox status it means and how far along
 * that is (the order of a message's stages is written once, in {@link Status}): a receipt only moves a message forward
 * ({@link #overtakes}), so a late "sent" never overwrites "delivered" and a final state is never replaced.
 */
enum ReceiptStatus {
    QUEUED(Status.SENDING), ACCEPTED(Status.SENDING), SENDING(Status.SENDING), SENT(Status.SENT),
    DELIVERED(Status.DELIVERED), UNDELIVERED(Status.FAILED), FAILED(Status.FAILED);

    /** The outbox status this receipt means; how far along that is is {@link Status#rank()}, written once there. */
    private final Status outbox;

    ReceiptStatus(Status outbox) {
        this.outbox = outbox;
    }

    /** Twilio's lower-case name; empty for a status Twilio may add later (such a callback is stored, not applied). */
    static Optional<ReceiptStatus> parse(String twilioStatus) {
        return Arrays.stream(values()).filter(s -> s.name().toLowerCase(Locale.ROOT).equals(twilioStatus)).findFirst();
    }

    Status outboxStatus() {
        return outbox;
    }

    boolean failed() {
        return outbox == Status.FAILED;
    }

    /** Whether this receipt tells more than the send itself did (the provider took the message: "sent"). */
    boolean afterSending() {
        return outbox.rank() >= Status.SENT.rank();
    }

    /**
     * The outbox statuses this receipt moves a message on from: those of a message in flight (sending, sent) at an
     * earlier stage than this receipt's.
     */
    List<String> overtakes() {
        return Stream.of(Status.SENDING, Status.SENT).filter(earlier -> earlier.rank() < outbox.rank())
                .map(Status::dbValue).toList();
    }
}
