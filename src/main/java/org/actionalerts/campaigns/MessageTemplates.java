package org.actionalerts.campaigns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The texts of a campaign, each a map from language tag to Mustache template; "en" is the fallback. */
public final class MessageTemplates {
    private MessageTemplates() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sms(Map<String, String> body) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Email(Map<String, String> subject, Map<String, String> text, Map<String, String> html) {}
}
