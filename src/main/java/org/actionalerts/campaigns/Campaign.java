package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.List;

/**
 * A "Take Action" alert as stored. {@code complianceFooter} false: an admin turned off the organisation name and
 * opt-out instructions for its texts. {@code trackLinks} false: {{actionUrl}} is the raw URL, not a short link.
 */
public record Campaign(long id, String name, String actionUrl, List<String> channels, Audience audience,
                       MessageTemplates.Sms sms, MessageTemplates.Email email, Instant sendAt, boolean urgent,
                       CampaignStatus status, String statusReason, String createdBy, Instant createdAt,
                       Instant launchedAt, Instant finishedAt, boolean complianceFooter, boolean trackLinks) {

    public boolean hasChannel(String channel) {
        return channels.contains(channel);
    }
}
