package org.actionalerts.platform.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything unforeseen: logged with an id the caller can quote, answered without a stack trace. */
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);
    private static final long OUTAGE_LOG_EVERY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private static final java.util.concurrent.atomic.AtomicLong lastOutageLog =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - OUTAGE_LOG_EVERY_NANOS - 1);

    @Override
    public Response toResponse(Throwable e) {
        return ErrorResponses.json(errorFor(e));
    }

    /** The answer to an unforeseen failure, logged here; shared with the endpoints served by plain servlets. */
    public static ApiError errorFor(Throwable e) {
        if (DatabaseUnavailable.causedIt(e)) {
            // Not a bug: the database is away (or every connection is taken). Said at most every 10 s, without the
            // stack trace, so an outage does not flood the log; the database health check says the rest.
            long now = System.nanoTime();
            long last = lastOutageLog.get();
            if (now - last > OUTAGE_LOG_EVERY_NANOS && lastOutageLog.compareAndSet(last, now)) {
                LOG.warn("Answering 503: the database cannot be reached ({})", e.getClass().getSimpleName());
            }
            return DatabaseUnavailable.error();
        }
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
