package org.actionalerts.platform.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.stream.Collectors;
import org.actionalerts.platform.text.ControlCharacterRefusingModule;
import org.actionalerts.platform.text.ControlCharacters;

/**
 * Malformed JSON is 400; well-formed JSON with a value of the wrong type (a number where a list belongs) is 422
 * naming the field. Jackson's message is not echoed: it can quote the request body. A body cut off by its size
 * limit while Jackson reads a value fails inside Jackson, which wraps the 413: that is answered as the 413 it is;
 * so is an {@link ApiException} thrown by a record's creator (its own check of the body).
 */
public class JsonProcessingExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
        if (e instanceof ControlCharacterRefusingModule.Refused refused) {
            String field = fieldPath(refused);
            return ErrorResponses.json(ApiException.invalid(field.isEmpty() ? "body" : field, ControlCharacters.REFUSAL).toError());
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof WebApplicationException refused) {
                return ErrorResponses.json(WebApplicationExceptionMapper.errorFor(refused));
            }
            if (cause instanceof ApiException refused) { // a record's own check, thrown from its creator
                return ErrorResponses.json(refused.toError());
            }
        }
        if (e instanceof MismatchedInputException || e instanceof InvalidFormatException) {
            String field = fieldPath((JsonMappingException) e);
            if (!field.isEmpty()) {
                return ErrorResponses.json(ApiException.invalid(field, "has the wrong type").toError());
            }
        }
        String message = e instanceof JsonParseException || e.getCause() instanceof JsonParseException
                ? "Malformed JSON" : "Request body does not match the expected JSON";
        return ErrorResponses.json(ApiError.of(400, message));
    }

    private static String fieldPath(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        return path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
