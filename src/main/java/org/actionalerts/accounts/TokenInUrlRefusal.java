package org.actionalerts.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.actionalerts.platform.errors.ApiError;
import org.actionalerts.platform.errors.ServletErrors;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * A token in a URL ({@code ?access_token=}, which Dropwizard's OAuth filter would accept) ends up in proxy logs,
 * browser history and Referer headers, so such a request is refused before anything reads it, on every path.
 */
public class TokenInUrlRefusal implements Filter {
    static final String MESSAGE = "A token in the URL is refused; send it in the Authorization header";
    private final ObjectMapper json;

    public TokenInUrlRefusal(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String query = ((HttpServletRequest) request).getQueryString();
        // The query string only (never a form body, which a webhook still has to read), decoded as Jersey decodes it:
        // ?access%5Ftoken= is the same parameter.
        if (query != null && UrlEncoded.decodeQuery(query).containsKey("access_token")) {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("WWW-Authenticate", TokenAuthenticator.CHALLENGE);
            ServletErrors.write(http, json, ApiError.of(401, MESSAGE));
            return;
        }
        chain.doFilter(request, response);
    }
}
