package org.actionalerts.platform;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.EnumSet;

/**
 * The headers every answer of the application port carries (API.md, Conventions), set before anything else
 * runs so that Jersey resources, plain servlets, static assets and error answers all have them:
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}, a strict
 * {@code Content-Security-Policy} (the pages load only their own files: no inline script or style, no framing),
 * {@code Cache-Control: no-store} on {@code /api/*}, and HSTS when the public URL is https.
 *
 * <p>A servlet may {@code reset()} its answer before an error (the static files do, for a file not found), which
 * drops every header set so far: the response handed down puts them back after a reset.
 */
public final class SecurityHeadersFilter implements Filter {

    /** Same-origin files only; no plugins, no {@code <base>}, forms post back here, never inside a frame. */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    public static final String HSTS = "max-age=31536000";
    /** Every dispatch: a forwarded or error-page answer is still an answer. */
    public static final EnumSet<DispatcherType> DISPATCHES = EnumSet.allOf(DispatcherType.class);

    private final boolean https;

    public SecurityHeadersFilter(boolean https) {
        this.https = https;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer) {
            boolean api = isApi(http);
            setHeaders(answer, api);
            chain.doFilter(request, new KeepHeaders(answer, api));
            return;
        }
        chain.doFilter(request, response);
    }

    private void setHeaders(HttpServletResponse answer, boolean api) {
        answer.setHeader("X-Content-Type-Options", "nosniff");
        answer.setHeader("Referrer-Policy", "no-referrer");
        answer.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (api) {
            // Answers carry supporters' and cases' data: no browser or proxy may keep a copy.
            answer.setHeader("Cache-Control", "no-store");
        }
        if (https) {
            answer.setHeader("Strict-Transport-Security", HSTS);
        }
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI();
        String context = request.getContextPath();
        if (context != null && !context.isEmpty() && path.startsWith(context)) {
            path = path.substring(context.length());
        }
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** Puts the headers back after a {@code reset()}. */
    private final class KeepHeaders extends HttpServletResponseWrapper {
        private final boolean api;

        KeepHeaders(HttpServletResponse response, boolean api) {
            super(response);
            this.api = api;
        }

        @Override
        public void reset() {
            super.reset();
            setHeaders((HttpServletResponse) getResponse(), api);
        }
    }
}
