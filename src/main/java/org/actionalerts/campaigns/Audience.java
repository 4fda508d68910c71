package org.actionalerts.campaigns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Who a campaign is for. Every filter is optional; the filters combine with AND; within one filter any value
 * matches (states ["MD","VA"] means Maryland or Virginia). An empty audience is every supporter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Audience(Long listId, List<String> states, List<String> counties, List<String> tags, List<String> languages,
                       Engagement engagement) {
    public static final Audience EVERYONE = new Audience(null, null, null, null, null, null);

    public Audience(Long listId, List<String> states, List<String> counties, List<String> tags, List<String> languages) {
        this(listId, states, counties, tags, languages, null);
    }

    /**
     * Recipients of an earlier campaign, by what they did: {@code clicked} / {@code acted} true or false (absent:
     * either). "Haven't called yet?" goes to {@code {"campaignId": 12, "acted": false}}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Engagement(Long campaignId, Boolean clicked, Boolean acted) {}
}
