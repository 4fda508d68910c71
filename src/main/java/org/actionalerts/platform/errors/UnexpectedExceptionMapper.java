package org.actionalerts.platform.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything unforeseen: logged with an id the caller can quote, answered without a stack trace. */
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        return ErrorResponses.json(errorFor(e));
    }

    /** The answer to an unforeseen failure, logged here; shared with the endpoints served by plain servlets. */
    public static ApiError errorFor(Throwable e) {
        if (clientWentAway(e)) {
            // The client closed the connection mid-upload: nothing is wrong here, and nobody reads the answer.
            LOG.info("Request body cut off by the client");
            return ApiError.of(400, "The request body ended early");
        }
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        LOG.error("Unexpected error {}", id, e);
        return ApiError.of(500, "Internal error (reference " + id + ")");
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException) {
                return true;
            }
        }
        return false;
    }
}
