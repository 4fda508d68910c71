package org.actionalerts.platform;

import com.codahale.metrics.Counter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to the body of a request refused for its size. TCP resets a connection closed with unread data in
 * it, and a reset makes the client's system throw away an answer it has not read yet; a client that writes its
 * whole body before reading (Python's urllib, most HTTP libraries) would never see the 413. So the rest is read
 * and thrown away, a bounded amount, counted by the {@code discardedBytes} metric.
 */
final class RefusedBodies {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedBodies.class);

    private final Counter discarded;

    RefusedBodies(Counter discarded) {
        this.discarded = discarded;
    }

    /** Reads and drops at most {@code max} bytes; true when the body ended within them. */
    boolean discard(InputStream in, long max) {
        byte[] scratch = new byte[8192];
        long left = max;
        try {
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    return true;
                }
                discarded.inc(n);
                left -= n;
            }
            return false;
        } catch (IOException | RuntimeException clientWentAwayOrStalled) {
            // A reset or the idle timeout: nothing more to read, and nobody to wait for.
            LOG.debug("Stopped discarding a refused body", clientWentAwayOrStalled);
            return false;
        }
    }

    /**
     * For a body that goes on past the bound: the 413 (already written) is completed and flushed, the sending side
     * shut down so the client's system has the whole answer and an end-of-stream, then at most {@code max} more
     * bytes are discarded, which gives the answer time to arrive before Jetty closes the socket (closing it on unread
     * data is the reset that would otherwise overtake the answer still in flight).
     */
    void closeAfterAnswer(HttpServletRequest request, HttpServletResponse response, InputStream body, long max) {
        try {
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
            try {
                response.getOutputStream().close();
            } catch (IllegalStateException answeredWithAWriter) {
                response.getWriter().close();
            }
        } catch (IOException clientWentAway) {
            LOG.debug("Could not complete a 413", clientWentAway);
            return;
        }
        if (shutDownOutput(request)) {
            discard(body, max);
        }
    }

    /** Half-closes the HTTP/1 connection; false when it cannot (not Jetty, or a protocol whose streams share it). */
    private static boolean shutDownOutput(HttpServletRequest request) {
        if (!request.getProtocol().startsWith("HTTP/1.")) {
            return false;
        }
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
        if (jetty == null) {
            return false;
        }
        jetty.getConnectionMetaData().getConnection().getEndPoint().shutdownOutput();
        return true;
    }
}
