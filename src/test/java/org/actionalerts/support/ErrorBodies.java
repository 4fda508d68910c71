package org.actionalerts.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** The contract's error shape: JSON {"code": status, "message": ...}, never HTML or a stack trace. */
public final class ErrorBodies {
    private ErrorBodies() {}

    public static JsonNode assertError(Api.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as("Content-Type of " + reply.body()).startsWith("application/json");
        JsonNode json = reply.json();
        assertThat(json.get("code").isInt()).as(reply.body()).isTrue();
        assertThat(json.get("code").asInt()).isEqualTo(status);
        assertThat(json.get("message").isTextual()).as(reply.body()).isTrue();
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html")
                .doesNotContain("org.actionalerts").doesNotContain("jakarta.");
        return json;
    }
}
