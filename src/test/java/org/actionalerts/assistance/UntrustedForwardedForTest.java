package org.actionalerts.assistance;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Without TRUSTED_PROXIES (the default) nobody's X-Forwarded-For is believed: a client that makes up a new address
 * for each request is still one client. (HelpRequestApiTest runs behind a trusted proxy.)
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UntrustedForwardedForTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            "assistance.helpRequests.perClient", "2",
            // Our loopback test client is a peer, but not one of these proxies.
            "assistance.helpRequests.trustedProxies", "10.0.0.0/8, fd00::/8",
            "dispatcher.enabled", "false");

    @Test
    void aMadeUpForwardedForDoesNotBuyANewBudget() {
        Api anonymous = TestApp.api(APP).as(null);
        String body = "{\"email\": \"spoof@example.org\", \"message\": \"help\"}";
        for (int i = 1; i <= 2; i++) {
            assertThat(post(anonymous, body, "198.51.100." + i).status()).isEqualTo(201);
        }
        assertError(post(anonymous, body, "198.51.100.3"), 429);
        assertError(post(anonymous, body, "2001:db8::3"), 429);
    }

    static Api.Reply post(Api api, String body, String forwardedFor) {
        return api.sendWithHeader("/api/v1/help-requests", "POST", "application/json",
                body.getBytes(StandardCharsets.UTF_8), "X-Forwarded-For", forwardedFor);
    }
}
