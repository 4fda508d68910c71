package org.actionalerts.delivery;

import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * What a claim needs of campaigns to write a campaign message's words at the moment it is sent (consent, quiet
 * hours and opt-out instructions are decided then, see {@link OutboxClaims}). Campaigns implements it and
 * ActionAlertsApplication hands it to delivery, so delivery knows nothing of templates and campaigns.
 */
public interface CampaignTexts {
    /** Renders nothing: a claim of campaign rows keeps their stored words (for tests of the claim alone). */
    CampaignTexts NONE = new CampaignTexts() {
        @Override
        public Map<Long, Text> find(Handle h, long[] campaignIds) {
            return Map.of();
        }

        @Override
        public boolean instructionsDue(Instant lastInstructed, Instant now) {
            return false;
        }
    };

    /** These campaigns, by id (one that no longer exists is absent): one read for a whole claim. */
    Map<Long, Text> find(Handle h, long[] campaignIds);

    /** Whether opt-out instructions are due for someone last sent them at {@code lastInstructed} (null: never). */
    boolean instructionsDue(Instant lastInstructed, Instant now);

    /** One campaign, ready to render a recipient's message. */
    interface Text {
        long id();

        /** Its action link is tracked: each recipient gets a short link of their own. */
        boolean tracksLinks();

        /** Its texts carry the compliance footer, so when a recipient was last told how to opt out matters. */
        boolean carriesFooter();

        /**
         * The recipient's message; {@code instructionsDue}: add the opt-out instructions if the campaign carries
         * them. Throws when the template cannot render (one stored before today's checks).
         */
        Rendered render(Recipient recipient, boolean instructionsDue);
    }

    /** Who a message is for, as a template sees them; {@code linkCode}: their short link's code, or null. */
    record Recipient(String firstName, String lastName, String state, String county, String language, String linkCode) {}

    /** @param smsInstructions the SMS body tells the recipient how to opt out */
    record Rendered(String smsBody, String subject, String text, String html, boolean smsInstructions) {}
}
