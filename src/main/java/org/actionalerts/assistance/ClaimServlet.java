package org.actionalerts.assistance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.actionalerts.accounts.Caller;
import org.actionalerts.accounts.Role;
import org.actionalerts.accounts.TokenAuthenticator;
import org.actionalerts.platform.FormFields;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.errors.ServletErrors;
import org.actionalerts.platform.errors.UnexpectedExceptionMapper;
import org.actionalerts.platform.errors.WebApplicationExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/cases/claim[?queue=]}: the caller takes the next case (urgent first, then oldest) from the
 * {@link ClaimDesk}; 200 with the whole case, or 204 when none is waiting. Attorneys and admins only.
 *
 * <p>A plain servlet rather than a Jersey resource, like the SMS webhook: claim-next has a latency target (p99 under
 * 20 ms with twenty attorneys claiming at once, on two cores), and Jersey's per-request work (routing, filters,
 * injection) was measured at more than a third of the service's CPU per claim (docs/PERFORMANCE.md). It keeps
 * everything a Jersey endpoint does for a caller, with the same code: the bearer or session check and its 401, the
 * role check and its 403 ({@link TokenAuthenticator#require}), the 405 and the body limit's 413, the JSON error shape
 * ({@link ServletErrors}), and its entry in {@code /openapi.json} ({@link #apiDescription()}).
 *
 * <p>Asynchronous: the request thread checks the caller, queues the claim and returns to Jetty; the desk's answer
 * threads write the answer once the claim's batch commits (why: {@link ClaimDesk}).
 */
public class ClaimServlet extends HttpServlet {
    public static final String PATH = "/api/v1/cases/claim";
    private static final Logger LOG = LoggerFactory.getLogger(ClaimServlet.class);

    private final transient ClaimDesk desk;
    private final transient TokenAuthenticator authenticator;
    private final transient ObjectMapper json;
    private final long maxBodyBytes;

    public ClaimServlet(ClaimDesk desk, TokenAuthenticator authenticator, ObjectMapper json, long maxBodyBytes) {
        this.desk = desk;
        this.authenticator = authenticator;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CompletableFuture<Optional<CaseView>> claimed;
        try {
            claimed = claim(request, response);
        } catch (ApiException e) {
            ServletErrors.write(response, json, e.toError());
            return;
        }
        // The request thread goes back to Jetty; the answer is written by the desk's answer thread.
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the desk has its own timeout, answered 503
        claimed.whenComplete((view, failure) -> {
            try {
                answer(response, view, failure);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not send a claim's answer", e); // the client went away
            } finally {
                async.complete();
            }
        });
    }

    private void answer(HttpServletResponse response, Optional<CaseView> claimed, Throwable failure) throws IOException {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            ServletErrors.write(response, json, cause instanceof ApiException refused
                    ? refused.toError() : UnexpectedExceptionMapper.errorFor(cause));
        } else if (claimed.isPresent()) {
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), claimed.get());
        } else {
            response.setStatus(204);
        }
    }

    private CompletableFuture<Optional<CaseView>> claim(HttpServletRequest request, HttpServletResponse response) {
        ServletErrors.requirePost(request, response, WebApplicationExceptionMapper.standardMessage(405));
        ServletErrors.requireDeclaredLengthAtMost(request, maxBodyBytes, WebApplicationExceptionMapper.standardMessage(413));
        Caller caller = authenticator.require(request, response, Role.ATTORNEY_NAME);
        return desk.claim(queue(request.getQueryString()), caller);
    }

    /** The {@code queue} query parameter, read from the query string only (a claim has no body); null for any queue. */
    private static String queue(String query) {
        if (query == null) {
            return null;
        }
        try {
            String queue = FormFields.decode(query).get("queue");
            return queue == null || queue.isBlank() ? null : queue.strip();
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "The query string is not URL-encoded");
        }
    }

    /** This endpoint in the OpenAPI description, which Jersey's scan of the resources cannot see. */
    public static PathItem apiDescription() {
        return new PathItem().post(new Operation()
                .addTagsItem("cases")
                .summary("Take the next case (urgent first, then oldest); 204 when none is waiting")
                .addParametersItem(new QueryParameter().name("queue").description("only this queue's cases")
                        .schema(new StringSchema()))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("the case, now assigned to the caller")
                                .content(new Content().addMediaType("application/json",
                                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/CaseView")))))
                        .addApiResponse("204", new ApiResponse().description("no case is waiting"))
                        .addApiResponse("401", new ApiResponse().description("missing or invalid bearer token or session"))
                        .addApiResponse("403", new ApiResponse().description("the caller is not an attorney or admin"))));
    }
}
