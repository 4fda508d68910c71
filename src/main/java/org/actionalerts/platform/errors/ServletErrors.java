package org.actionalerts.platform.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.util.Locale;

/**
 * The JSON API's error answer from the few endpoints served by plain servlets rather than Jersey (those measured
 * to need the speed), so a client sees the same shape whichever serves it; and the refusals Jersey makes before a
 * resource runs (405, 413 by declared length, 415), thrown as {@link ApiException}s for {@link #write}.
 */
public final class ServletErrors {
    private ServletErrors() {}

    public static void write(HttpServletResponse response, ObjectMapper json, ApiError error) throws IOException {
        if (error.code() == 413) {
            response.setHeader("Connection", "close"); // a refused body may not all have been read
        }
        if (error.code() == 503 && response.getHeader("Retry-After") == null) {
            response.setHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        }
        response.setStatus(error.code());
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), error);
    }

    /**
     * The answer to a runtime failure in a servlet: a refusal thrown the JAX-RS way (the body limit's 413, thrown
     * while the body is read) keeps its status, as Jersey would answer it; anything else is unexpected.
     */
    public static ApiError errorFor(RuntimeException e) {
        if (e instanceof WebApplicationException refused && refused.getResponse().getStatus() < 500) {
            return WebApplicationExceptionMapper.errorFor(refused);
        }
        return UnexpectedExceptionMapper.errorFor(e);
    }

    /** 405 with the {@code Allow} header Jersey sends, for any method but POST. */
    public static void requirePost(HttpServletRequest request, HttpServletResponse response, String message) {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            throw new ApiException(405, message);
        }
    }

    /** 413 before any of the body is read, when its declared length is over {@code maxBytes}. */
    public static void requireDeclaredLengthAtMost(HttpServletRequest request, long maxBytes, String message) {
        if (request.getContentLengthLong() > maxBytes) {
            throw new ApiException(413, message);
        }
    }

    /** 415 unless the body is of {@code mediaType} (in any case, parameters such as a charset allowed). */
    public static void requireMediaType(HttpServletRequest request, String mediaType, String message) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(mediaType)) {
            throw new ApiException(415, message);
        }
    }
}
