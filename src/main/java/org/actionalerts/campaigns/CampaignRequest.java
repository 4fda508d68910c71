package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.List;

/**
 * The body of POST /api/v1/campaigns, before checking. {@code complianceFooter}: absent or true; false (admins
 * only) sends the texts without the organisation name and opt-out instructions.
 */
public record CampaignRequest(String name, String actionUrl, List<String> channels, Audience audience,
                              MessageTemplates.Sms sms, MessageTemplates.Email email, Instant sendAt, Boolean urgent,
                              Boolean complianceFooter, Boolean trackLinks) {}
