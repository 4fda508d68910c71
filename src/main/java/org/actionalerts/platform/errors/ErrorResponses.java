package org.actionalerts.platform.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

final class ErrorResponses {
    private ErrorResponses() {}

    /** A 503 always says when to try again: the refusals that answer 503 are all over in seconds. */
    static Response json(ApiError error) {
        Response.ResponseBuilder answer = Response.status(error.code()).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
        if (error.code() == 503) {
            answer.header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS);
        }
        return answer.build();
    }
}
