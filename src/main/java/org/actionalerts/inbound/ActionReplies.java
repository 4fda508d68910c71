package org.actionalerts.inbound;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Where replies that say the person acted ("DONE", "LLAMÉ") go: the actions feature records them. Called inside
 * the inbound batch's transaction, so a text is recorded as an action exactly once.
 */
public interface ActionReplies {
    /** A reply to {@code campaignId} that is an action keyword; {@code phone} is where a thank-you may go. */
    record ActionReply(long inboundId, long supporterId, long campaignId, String language, String phone) {}

    void record(Handle h, List<ActionReply> replies);

    ActionReplies NONE = (h, replies) -> { };
}
