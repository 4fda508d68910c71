package org.actionalerts.platform;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.actionalerts.platform.errors.ApiError;
import org.actionalerts.platform.errors.ServletErrors;

/**
 * Refuses request bodies over their limit with the API's JSON 413, in front of every endpoint (Jersey's and the
 * plain servlets'), so that the answer reaches the client however it sends:
 * <ul>
 *   <li>{@code Expect: 100-continue} with a Content-Length over the limit: answered at once, nothing read, so the
 *       client never sends the body;</li>
 *   <li>a body of up to {@link Limits#drainBound} bytes: read to its end and discarded, then answered (a client that
 *       writes everything before reading gets the 413, not a broken pipe);</li>
 *   <li>a longer one: answered at once, then closed cleanly ({@link RefusedBodies#closeAfterAnswer}), reading at
 *       most the bound more. A client that reads while it sends gets the 413. One that writes everything first sees
 *       its write fail (broken pipe: only reading its whole body could spare it that), and finds the whole 413 and
 *       a clean end of stream in its socket if it reads after the failure.</li>
 * </ul>
 * A body without a declared length is counted as it is read ({@link LimitedRequest}), with the same outcomes.
 */
public class BodySizeLimitFilter implements Filter {
    private final Limits limits;
    private final Map<String, Long> pathLimits;
    private final ObjectMapper json;
    private final RefusedBodies refused;

    /** {@code pathLimits}: endpoints (exact paths) whose limit is not the one their content type gives. */
    public BodySizeLimitFilter(Limits limits, Map<String, Long> pathLimits, ObjectMapper json,
                               Counter discardedBytes) {
        this.limits = limits;
        this.pathLimits = Map.copyOf(pathLimits);
        this.json = json;
        this.refused = new RefusedBodies(discardedBytes);
    }

    public static WebApplicationException tooLarge(long limit) {
        return new WebApplicationException("Request body larger than " + limit + " bytes", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        long length = request.getContentLengthLong();
        boolean unknownLength = length < 0 && request.getHeader("Transfer-Encoding") != null;
        if (length <= 0 && !unknownLength) {
            chain.doFilter(request, response); // no body (most requests, claim-next among them): nothing to do
            return;
        }
        long limit = limitFor(request);
        if (length > limit) {
            refuseDeclared(request, response, limit);
        } else if (unknownLength) {
            LimitedRequest limited = new LimitedRequest(request, limit, limits.drainBound(limit), refused);
            chain.doFilter(limited, response);
            if (limited.refusedWithBodyLeft() && !request.isAsyncStarted()) {
                refused.closeAfterAnswer(request, response, limited.rawBody(), limits.drainBound(limit));
            }
        } else {
            chain.doFilter(request, response); // within the limit: Jetty reads no more than the declared length
        }
    }

    private void refuseDeclared(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        long bound = limits.drainBound(limit);
        // Reading the body would make Jetty answer "100 Continue" to a client that asked first: it is not read.
        boolean asksFirst = "100-continue".equalsIgnoreCase(String.valueOf(request.getHeader("Expect")).strip());
        boolean drained = !asksFirst && request.getContentLengthLong() <= bound
                && refused.discard(request.getInputStream(), bound);
        ServletErrors.write(response, json, ApiError.of(413, tooLarge(limit).getMessage()));
        if (!drained && !asksFirst) {
            refused.closeAfterAnswer(request, response, request.getInputStream(), bound);
        }
    }

    /** The limit of this request's body: its endpoint's own, else the webhooks', else by content type. */
    long limitFor(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Long own = pathLimits.get(path);
        if (own != null) {
            return own;
        }
        if (path.startsWith("/webhooks/")) {
            return limits.webhookBodyBytes();
        }
        return isCsv(request.getContentType()) ? limits.csvImportBytes() : limits.jsonBodyBytes();
    }

    private static boolean isCsv(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        int slash = type.indexOf('/');
        return slash > 0 && "csv".equalsIgnoreCase(type.substring(slash + 1).strip());
    }
}
