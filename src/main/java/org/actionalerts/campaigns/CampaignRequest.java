package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.List;

/** The body of POST /api/v1/campaigns, before checking. */
public record CampaignRequest(String name, String actionUrl, List<String> channels, Audience audience,
                              MessageTemplates.Sms sms, MessageTemplates.Email email, Instant sendAt, Boolean urgent) {}
