package org.actionalerts.campaigns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Who a campaign is for. Every filter is optional; the filters combine with AND; within one filter any value
 * matches (states ["MD","VA"] means Maryland or Virginia). An empty audience is every supporter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Audience(Long listId, List<String> states, List<String> counties, List<String> tags, List<String> languages) {
    public static final Audience EVERYONE = new Audience(null, null, null, null, null);
}
