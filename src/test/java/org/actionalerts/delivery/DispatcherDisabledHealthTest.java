package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An instance that runs no dispatcher (DISPATCHER_ENABLED=false) is not "stuck", however much waits: it says so. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DispatcherDisabledHealthTest {
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "dispatcher.enabled", "false", "dispatcher.stalledAfter", "1s"));

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @Test
    void theCheckSaysTheDispatcherIsOffAndStaysHealthyWithTextsWaiting() {
        SmsCampaigns sms = new SmsCampaigns(APP, TWILIO);
        sms.supporters("waiting", 2);
        long campaign = sms.launch("waiting");
        assertThat(sms.withStatus(campaign, "queued")).isEqualTo(2);

        JsonNode health = sms.dispatcherHealth();
        assertThat(health.get("healthy").asBoolean()).isTrue();
        assertThat(health.get("message").asText()).contains("disabled").contains("DISPATCHER_ENABLED=false");
        assertThat(TWILIO.messages()).isEmpty();
    }
}
