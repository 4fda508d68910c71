package org.actionalerts.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Authorization header as Jersey's filter and the plain servlets both read it (Dropwizard's OAuth filter's way). */
class BearerTokenTest {
    @Test
    void theTokenFollowsTheSchemeInAnyCaseAndOneSpace() {
        assertThat(TokenAuthenticator.bearerToken("Bearer abc")).isEqualTo("abc");
        assertThat(TokenAuthenticator.bearerToken("bEARER abc")).isEqualTo("abc");
        assertThat(TokenAuthenticator.bearerToken("Bearer  abc")).isEqualTo(" abc"); // which no token matches
    }

    @Test
    void anotherSchemeOrNoSchemeIsNoToken() {
        assertThat(TokenAuthenticator.bearerToken(null)).isNull();
        assertThat(TokenAuthenticator.bearerToken("Basic abc")).isNull();
        assertThat(TokenAuthenticator.bearerToken("Bearerabc")).isNull();
        assertThat(TokenAuthenticator.bearerToken(" Bearer abc")).isNull();
        assertThat(TokenAuthenticator.bearerToken("abc")).isNull();
    }
}
