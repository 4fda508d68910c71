package org.actionalerts.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * A request refused before its body was read (no token, wrong role, unknown path, wrong content type, too
 * large) leaves the body unread. If it arrives after the answer, Jetty closes the connection without saying
 * so, and a keep-alive client's next request on it fails. "Connection: close" tells the client to reconnect.
 */
@Provider
public class CloseConnectionAfterRefusedBody implements ContainerResponseFilter {
    private static final Set<Integer> REFUSED_BEFORE_READING = Set.of(401, 403, 404, 405, 406, 413, 415);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (REFUSED_BEFORE_READING.contains(response.getStatus()) && hasBody(request)) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
    }
}
