package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consent and quiet hours are decided when a message is claimed, not when the campaign is launched:
 * a text due at 10:30 p.m. in Maryland waits for 9 a.m., and someone who says stop in between gets nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClaimTimeDecisionsTest {
    static final ZoneId EAST = ZoneId.of("America/New_York");
    /** The next 22:30 in Maryland after the real now (19:30 in California), so the test means the same on any date. */
    static final Instant LATE_EVENING_EAST = next(LocalTime.of(22, 30), ZonedDateTime.now(EAST));

    /** The first time of day {@code at} in New York strictly after {@code after}. */
    static Instant next(LocalTime at, ZonedDateTime after) {
        ZonedDateTime candidate = after.with(at);
        return (candidate.isAfter(after) ? candidate : candidate.plusDays(1).with(at)).toInstant();
    }

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

    /**
     * Run from several starting dates (today, and in other seasons, so both sides of a daylight-saving change),
     * because a clock decision that mixes two clocks passes on some dates and fails on others.
     */
    @ParameterizedTest(name = "a late evening {0} days from today")
    @ValueSource(ints = {0, 75, 150, 250})
    void quietHoursDeferUntilMorningAndAStopInBetweenSuppresses(int daysAhead) {
        Instant lateEvening = next(LocalTime.of(22, 30), ZonedDateTime.now(EAST).plusDays(daysAhead));
        Instant nineAm = next(LocalTime.of(9, 0), lateEvening.atZone(EAST));
        ClockedApplication.CLOCK.set(lateEvening);
        String tag = "night" + daysAhead;
        String n = String.format("%03d", daysAhead);
        long maryland = supporter("+13015551" + n, "MD", tag);
        long stopper = supporter("+13015552" + n, "MD", tag);
        long california = supporter("+14155553" + n, "MD", tag); // area code 415 pins Pacific time
        long campaign = launch(tag, false);
        try {
            Await.until("the Maryland texts are deferred to 9 a.m.", () -> nineAm.equals(notBefore(maryland, campaign))
                    && nineAm.equals(notBefore(stopper, campaign)));
            Await.until("the California text goes: it is 19:30 there", () -> "sent".equals(status(california, campaign)));
            assertThat(status(maryland, campaign)).isEqualTo("queued");

            assertThat(staff.patch("/api/v1/supporters/" + stopper, "{\"smsOptIn\":false}").status()).isEqualTo(200);
            ClockedApplication.CLOCK.set(nineAm.plus(Duration.ofMinutes(1)));
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
                        INSERT INTO outbox (kind, supporter_id, channel, needs_consent, urgent, recipient, body, not_before)
                        VALUES ('case-reply', :s, 'sms', false, true, '+13015550221', 'We can help', :due)""")
                .bind("s", person).bind("due", ClockedApplication.CLOCK.instant()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        Await.until("the reply is decided", () -> !"queued".equals(jdbi.withHandle(h -> h.createQuery(
                "SELECT status FROM outbox WHERE id = :id").bind("id", reply).mapTo(String.class).one())));
        String status = jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE id = :id").bind("id", reply)
                .mapTo(String.class).one());
        assertThat(status).isEqualTo("suppressed");
    }
}
