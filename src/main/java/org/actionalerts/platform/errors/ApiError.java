package org.actionalerts.platform.errors;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The one error body of the JSON API: {"code", "message"}, plus "errors" for invalid fields and any extra
 * facts at the top level (e.g. "existingId" on a 409).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(int code, String message, List<FieldError> errors, @JsonIgnore Map<String, Object> details) {
    @JsonAnyGetter
    public Map<String, Object> extra() {
        return details;
    }

    public record FieldError(String field, String message) {}

    public static ApiError of(int code, String message) {
        return new ApiError(code, message, List.of(), Map.of());
    }
}
