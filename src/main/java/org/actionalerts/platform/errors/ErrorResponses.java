package org.actionalerts.platform.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

final class ErrorResponses {
    private ErrorResponses() {}

    static Response json(ApiError error) {
        return Response.status(error.code()).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
