package org.actionalerts.delivery;

import org.jdbi.v3.core.Handle;

/**
 * How delivery tells campaigns what sending showed: a campaign whose messages fail (carrier filtering, a provider
 * refusing our sending, a template that cannot render) should stop. Campaigns implements it; delivery decides when.
 */
public interface CampaignOutcomes {
    /** Nothing to tell (no campaigns: tests of sending alone). */
    CampaignOutcomes NONE = (h, campaignId, reason) -> false;

    /** Pauses the campaign, in the caller's transaction, with a reason staff read; true when it was sending until now. */
    boolean pause(Handle h, long campaignId, String reason);
}
