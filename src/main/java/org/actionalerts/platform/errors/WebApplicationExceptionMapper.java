package org.actionalerts.platform.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Jersey's own errors (404 unknown path, 405, 406, 415, 401/403 from auth) in our JSON shape. */
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        Response.ResponseBuilder answer = Response.fromResponse(ErrorResponses.json(errorFor(e)));
        copyHeader(original, answer, HttpHeaders.WWW_AUTHENTICATE);
        copyHeader(original, answer, HttpHeaders.RETRY_AFTER);
        copyHeader(original, answer, HttpHeaders.ALLOW);
        return answer.build();
    }

    private static void copyHeader(Response from, Response.ResponseBuilder to, String name) {
        Object value = from.getHeaders().getFirst(name);
        if (value != null) {
            to.header(name, null).header(name, value); // in place of ours (a 503's Retry-After), not beside it
        }
    }

    /** The error body; our own 400 and 413 messages are kept (they say what was wrong, or the limit), Jersey's not. */
    public static ApiError errorFor(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        boolean ours = (status == 400 || status == 413) && e.getMessage() != null && !e.getMessage().startsWith("HTTP " + status);
        return ApiError.of(status, ours ? e.getMessage() : standardMessage(status));
    }

    /** The API's wording for a refusal by status, wherever it is answered (Jersey or a plain servlet). */
    public static String standardMessage(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Missing or invalid bearer token";
            case 403 -> "Your role does not allow this";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable: this endpoint answers application/json";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported content type";
            default -> Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : "Request failed";
        };
    }
}
