package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consent and quiet hours are decided when a message is claimed, not when the campaign is launched:
 * a text due at 10:30 p.m. in Maryland waits for 9 a.m., and someone who says stop in between gets nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClaimTimeDecisionsTest {
    /** 03:30 UTC on 1 December is 22:30 in Maryland and 19:30 in California. */
    static final Instant LATE_EVENING_EAST = Instant.parse("2026-12-01T03:30:00Z");
    static final Instant NINE_AM_EAST = Instant.parse("2026-12-01T14:00:00Z");

    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            "sms.quietHours", "21:00-09:00");
    static Api staff;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        ClockedApplication.CLOCK.set(LATE_EVENING_EAST);
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
    }

    long supporter(String phone, String state, String tag) {
        return staff.post("/api/v1/supporters", "{\"phone\":\"" + phone + "\",\"state\":\"" + state + "\",\"tags\":[\"" + tag
                + "\"],\"smsOptIn\":true}").json().get("id").asLong();
    }

    long launch(String tag, boolean urgent) {
        long id = staff.post("/api/v1/campaigns", "{\"name\":\"" + tag + "\",\"channels\":[\"sms\"],\"urgent\":" + urgent
                + ",\"audience\":{\"tags\":[\"" + tag + "\"]},\"sms\":{\"body\":{\"en\":\"Call the sheriff\"}}}").json().get("id").asLong();
        assertThat(staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]).status()).isEqualTo(202);
        return id;
    }

    String status(long supporterId, long campaignId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE supporter_id = :s AND campaign_id = :c")
                .bind("s", supporterId).bind("c", campaignId).mapTo(String.class).one());
    }

    Instant notBefore(long supporterId, long campaignId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT not_before FROM outbox WHERE supporter_id = :s AND campaign_id = :c")
                .bind("s", supporterId).bind("c", campaignId).mapTo(Instant.class).one());
    }

    @Test
    void quietHoursDeferUntilMorningAndAStopInBetweenSuppresses() {
        long maryland = supporter("+13015550201", "MD", "night");
        long stopper = supporter("+13015550202", "MD", "night");
        long california = supporter("+14155550203", "MD", "night"); // area code 415 pins Pacific time
        long campaign = launch("night", false);

        Await.until("the Maryland texts are deferred to 9 a.m.", () -> NINE_AM_EAST.equals(notBefore(maryland, campaign))
                && NINE_AM_EAST.equals(notBefore(stopper, campaign)));
        Await.until("the California text goes: it is 19:30 there", () -> "sent".equals(status(california, campaign)));
        assertThat(status(maryland, campaign)).isEqualTo("queued");

        assertThat(staff.patch("/api/v1/supporters/" + stopper, "{\"smsOptIn\":false}").status()).isEqualTo(200);
        ClockedApplication.CLOCK.set(NINE_AM_EAST.plus(Duration.ofMinutes(1)));
        try {
            Await.until("the morning's texts are decided", () -> !"queued".equals(status(maryland, campaign))
                    && !"queued".equals(status(stopper, campaign)));
            assertThat(status(maryland, campaign)).isEqualTo("sent");
            assertThat(status(stopper, campaign)).isEqualTo("suppressed");
        } finally {
            ClockedApplication.CLOCK.set(LATE_EVENING_EAST);
        }
    }

    @Test
    void urgentAlertsIgnoreQuietHours() {
        long person = supporter("+13015550211", "MD", "urgent");
        long campaign = launch("urgent", true);
        Await.until("the urgent text is sent at night", () -> "sent".equals(status(person, campaign)));
    }

    @Test
    void anAttorneysQueuedReplyIsNotSentAfterThePersonSaysStop() {
        long person = staff.post("/api/v1/supporters", "{\"phone\":\"+13015550221\"}").json().get("id").asLong();
        staff.patch("/api/v1/supporters/" + person, "{\"smsOptIn\":false}");
        long reply = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO outbox (kind, supporter_id, channel, needs_consent, urgent, recipient, body)
                        VALUES ('case-reply', :s, 'sms', false, true, '+13015550221', 'We can help')""")
                .bind("s", person).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        Await.until("the reply is decided", () -> !"queued".equals(jdbi.withHandle(h -> h.createQuery(
                "SELECT status FROM outbox WHERE id = :id").bind("id", reply).mapTo(String.class).one())));
        String status = jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE id = :id").bind("id", reply)
                .mapTo(String.class).one());
        assertThat(status).isEqualTo("suppressed");
    }
}
