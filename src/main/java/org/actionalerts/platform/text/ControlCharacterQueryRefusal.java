package org.actionalerts.platform.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.actionalerts.platform.errors.ApiError;
import org.actionalerts.platform.errors.ServletErrors;
import org.eclipse.jetty.util.MultiMap;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * The query string gets the same rule as JSON bodies: a control character in a parameter's name or value is a 422
 * naming it, before any resource sees it ({@code ?q=%00} was a 500 from the database, {@code ?queue=%00} failed a
 * whole batch of claims).
 */
public class ControlCharacterQueryRefusal implements Filter {
    private final ObjectMapper json;

    public ControlCharacterQueryRefusal(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String query = ((HttpServletRequest) request).getQueryString();
        if (query != null && query.indexOf('%') >= 0) {
            MultiMap<String> parameters;
            try {
                parameters = UrlEncoded.decodeQuery(query);
            } catch (RuntimeException malformed) {
                ServletErrors.write((HttpServletResponse) response, json, ApiError.of(400, "Malformed query string"));
                return;
            }
            for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
                if (ControlCharacters.present(p.getKey()) || p.getValue().stream().anyMatch(ControlCharacters::present)) {
                    String field = ControlCharacters.present(p.getKey()) ? "query" : p.getKey();
                    ServletErrors.write((HttpServletResponse) response, json, new ApiError(422, "Invalid query parameter",
                            List.of(new ApiError.FieldError(field, ControlCharacters.REFUSAL)), Map.of()));
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
