package org.actionalerts.campaigns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign as the API shows it: its definition, live {@code stats}, and for a draft the number of people
 * each channel would reach if it were launched now ({@code audienceSize}). A draft or scheduled campaign fetched
 * on its own (or just created) also carries {@code warnings} about its texts and {@code estimatedSegments}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignView(long id, String name, String actionUrl, List<String> channels, Audience audience,
                           MessageTemplates.Sms sms, MessageTemplates.Email email, Instant sendAt, boolean urgent,
                           CampaignStatus status, String statusReason, Instant createdAt, Instant launchedAt,
                           Instant finishedAt, CampaignStats stats, Map<String, Long> audienceSize,
                           boolean complianceFooter, boolean trackLinks, List<SmsCost.Warning> warnings,
                           SmsCost.SegmentEstimate estimatedSegments) {

    static CampaignView of(Campaign c, CampaignStats stats, Map<String, Long> audienceSize, SmsCost.Assessment assessment) {
        return new CampaignView(c.id(), c.name(), c.actionUrl(), c.channels(), c.audience(), c.sms(), c.email(),
                c.sendAt(), c.urgent(), c.status(), c.statusReason(), c.createdAt(), c.launchedAt(), c.finishedAt(),
                stats, audienceSize, c.complianceFooter(), c.trackLinks(), assessment == null ? null : assessment.warnings(),
                assessment == null ? null : assessment.estimatedSegments());
    }
}
