package org.actionalerts.platform.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The JSON API's error answer from the few endpoints served by plain servlets rather than Jersey (those measured
 * to need the speed), so a client sees the same shape whichever serves it.
 */
public final class ServletErrors {
    private ServletErrors() {}

    public static void write(HttpServletResponse response, ObjectMapper json, ApiError error) throws IOException {
        if (error.code() == 413) {
            response.setHeader("Connection", "close"); // the rest of the body is not read
        }
        response.setStatus(error.code());
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), error);
    }
}
