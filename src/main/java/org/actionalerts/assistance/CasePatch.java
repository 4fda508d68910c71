package org.actionalerts.assistance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.actionalerts.platform.errors.ApiException;

/**
 * The body of a case's PATCH, as Jackson reads it: each field is null when absent (the case keeps what it has) and
 * {@code NullNode} when sent as {@code null} (only the assignee may be cleared that way; for the others null means
 * "keep"). Each field is checked when {@link CaseChanges} comes to it, after the case was found (404 first), in the
 * order the API has always answered: assignee, status, priority, topic, queue. The values stay JSON until then
 * because what a wrong type answers is the field's own 422 ("must be a string"), not Jackson's; {@code /openapi.json}
 * shows each with the type it must have.
 */
public record CasePatch(
        @Schema(implementation = String.class, allowableValues = {"new", "assigned", "waiting", "resolved"}) JsonNode status,
        @Schema(implementation = Long.class, nullable = true, description = "a user id; null puts the case back in the queue")
        JsonNode assignee,
        @Schema(implementation = String.class, allowableValues = {"urgent", "normal"}) JsonNode priority,
        @Schema(implementation = String.class) JsonNode topic,
        @Schema(implementation = String.class) JsonNode queue) {

    /** Any JSON object; anything else is refused with 400 (an empty body reaches the resource as null). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CasePatch of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw refused();
        }
        return new CasePatch(body.get("status"), body.get("assignee"), body.get("priority"), body.get("topic"),
                body.get("queue"));
    }

    static ApiException refused() {
        return new ApiException(400, "A JSON object is required");
    }

    boolean setsStatus() {
        return status != null && !status.isNull();
    }

    /** The status asked for (when {@link #setsStatus}); 422 when it names none. */
    CaseStatus newStatus() {
        return CaseStatus.parse(status.asText())
                .orElseThrow(() -> ApiException.invalid("status", "must be one of " + CaseStatus.allInWords()));
    }

    boolean setsAssignee() {
        return assignee != null;
    }

    /** Whether the assignee is cleared (when {@link #setsAssignee}): the case goes back to the queue. */
    boolean clearsAssignee() {
        return assignee.isNull();
    }

    /** The user id asked for as the assignee (when set and not cleared); 422 when it is not a number. */
    long assigneeId() {
        if (!assignee.canConvertToLong()) {
            throw ApiException.invalid("assignee", "must be a user id or null");
        }
        return assignee.asLong();
    }

    String priorityOr(String current) {
        return text(priority, "priority", current);
    }

    String topicOr(String current) {
        return text(topic, "topic", current);
    }

    String queueOr(String current) {
        return text(queue, "queue", current);
    }

    private static String text(JsonNode value, String field, String current) {
        if (value == null || value.isNull()) {
            return current;
        }
        if (!value.isTextual()) {
            throw ApiException.invalid(field, "must be a string");
        }
        return value.asText().strip();
    }
}
