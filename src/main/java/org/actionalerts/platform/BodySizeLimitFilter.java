package org.actionalerts.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over the configured size with 413: at once when Content-Length says so, otherwise
 * as soon as a streamed body crosses the limit (the reader then fails and its transaction rolls back).
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimitFilter implements ContainerRequestFilter {
    private final Limits limits;

    public BodySizeLimitFilter(Limits limits) {
        this.limits = limits;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        long limit = (path.startsWith("/") ? path.substring(1) : path).startsWith("webhooks/")
                ? limits.webhookBodyBytes() : limitFor(request.getMediaType());
        // Checked before hasEntity(), which would read the first byte (and answer "100 Continue" to a client
        // that asked first): a declared oversize body is refused without being read at all.
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        if (!request.hasEntity()) {
            return;
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
    }

    private long limitFor(MediaType type) {
        return type != null && "csv".equalsIgnoreCase(type.getSubtype()) ? limits.csvImportBytes() : limits.jsonBodyBytes();
    }

    public static WebApplicationException tooLarge(long limit) {
        return new WebApplicationException("Request body larger than " + limit + " bytes", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    /** Counts bytes as they are read and fails past the limit. */
    public static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        public LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
