package org.actionalerts.accounts;

import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.actionalerts.platform.errors.ApiError;
import org.actionalerts.platform.errors.WebApplicationExceptionMapper;

public class JsonUnauthorizedHandler implements UnauthorizedHandler {
    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, TokenAuthenticator.challenge(prefix, realm))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(401, WebApplicationExceptionMapper.standardMessage(401)))
                .build();
    }
}
