package org.actionalerts.platform.errors;

import java.util.List;
import java.util.Map;

/** Thrown by services for a request that cannot be served; mapped to the contract's JSON error body. */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<ApiError.FieldError> errors;
    private final Map<String, Object> details;

    public ApiException(int status, String message) {
        this(status, message, List.of(), Map.of());
    }

    public ApiException(int status, String message, List<ApiError.FieldError> errors, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.details = Map.copyOf(details);
    }

    /** A request whose JSON body is missing entirely ("null" or empty) is malformed: 400. */
    public static <T> T requireBody(T body) {
        if (body == null) {
            throw new ApiException(400, "A JSON body is required");
        }
        return body;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    public static ApiException invalid(List<ApiError.FieldError> errors) {
        return new ApiException(422, "Some fields are invalid", errors, Map.of());
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new ApiError.FieldError(field, message)));
    }

    public ApiError toError() {
        return new ApiError(status, getMessage(), errors, details);
    }

    public int status() {
        return status;
    }
}
