package org.actionalerts.actions;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * {@code GET /a/{code}}: a recipient's short link. Public (a person's browser, no token) and on the hot path of every
 * alert, so it only reads (from memory when it can) and hands the click to {@link ClickRecorder}. It redirects only
 * to the campaign's stored action URL (checked as http(s) when the campaign was made), never to anything the request
 * says: no open redirect. HEAD, link-preview fetchers and browser prefetches redirect without counting. Nothing of
 * the request (the code included) is written into a page.
 */
@Path("/a/{code}")
@Hidden
public class RedirectResource {
    private static final String HTML = MediaType.TEXT_HTML + ";charset=utf-8";
    private final ActionLinks links;
    private final ClickRecorder clicks;
    private final ActionSettings settings;
    private final Meter redirects;
    private final Meter previews;

    public RedirectResource(ActionLinks links, ClickRecorder clicks, ActionSettings settings, MetricRegistry metrics) {
        this.links = links;
        this.clicks = clicks;
        this.settings = settings;
        this.redirects = metrics.meter("actions.redirects");
        this.previews = metrics.meter("actions.redirects.not-counted");
    }

    @GET
    public Response follow(@PathParam("code") String code, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                           @HeaderParam("Purpose") String purpose, @HeaderParam("Sec-Purpose") String secPurpose) {
        boolean counted = !settings.isPreview(userAgent) && !prefetch(purpose) && !prefetch(secPurpose);
        return redirect(code, counted);
    }

    @HEAD
    public Response head(@PathParam("code") String code) {
        return redirect(code, false);
    }

    private Response redirect(String code, boolean counted) {
        Optional<ActionLinks.Target> target;
        try {
            target = links.find(code);
        } catch (RuntimeException e) {
            // Not in memory and the database cannot say: the person can try again in a moment.
            return page(503, "Please try again", "This link cannot be opened right now. Please try again in a minute.");
        }
        if (target.isEmpty()) {
            return page(404, "Link not found", "This link is not valid. Check that it was copied whole.");
        }
        redirects.mark();
        if (counted && target.get().supporterId() != null) {
            clicks.click(target.get().code());
        } else {
            previews.mark();
        }
        return Response.status(302).location(URI.create(target.get().location()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static boolean prefetch(String purpose) {
        return purpose != null && purpose.toLowerCase(java.util.Locale.ROOT).contains("prefetch");
    }

    private static Response page(int status, String title, String message) {
        String body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + "</title></head>"
                + "<body style=\"font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem\"><h1>" + title
                + "</h1><p>" + message + "</p></body></html>";
        return Response.status(status).type(HTML).header(HttpHeaders.CACHE_CONTROL, "no-store").entity(body).build();
    }
}
