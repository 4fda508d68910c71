package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Await;
import org.actionalerts.support.DatabaseOutage;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11.11, "a database blip silently stops all sending": a claim that threw after taking in-flight permits
 * never gave them back, so after a few failed passes the dispatcher waited for permits forever. Here the real
 * dispatcher runs against the real database, which is taken away under it (no new connections to the app's
 * database, every open one terminated) and given back; sending must resume, every text delivered exactly once.
 *
 * <p>Two in-flight permits per channel, so one leaky pass would be enough to stop sending for good. A short
 * lease, so that texts Twilio took while their outcome could not be recorded are reconciled (found at Twilio,
 * not resent) within the test's patience.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DispatcherRecoveryTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null,
                    "sms.ratePerSecond", "20",
                    "dispatcher.concurrency", "2",
                    "dispatcher.lease", "3s",
                    "dispatcher.stalledAfter", "1s"));
    static SmsCampaigns sms;
    static String databaseName;

    @BeforeAll
    static void setUp() {
        sms = new SmsCampaigns(APP, TWILIO);
        databaseName = sms.jdbi.withHandle(h -> h.createQuery("SELECT current_database()").mapTo(String.class).one());
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @BeforeEach
    void freshTwilio() {
        TWILIO.reset();
    }

    /** Whatever a test did, the database is reachable again for the next one. */
    @AfterEach
    void databaseBack() throws SQLException {
        allowConnections(true);
    }

    @Test
    void claimsThatFailBecauseTheDatabaseIsGoneGiveTheirPermitsBack() throws Exception {
        List<String> phones = sms.supporters("idle", 5);
        long failedBefore = failedPasses();

        databaseDown();
        // More failed claims than the two permits could survive if a failed claim kept even one of them: a
        // dispatcher that leaked them would stop trying (parked waiting for a permit) and never get here.
        Await.until("the sms dispatcher keeps trying to claim while the database is away", PATIENCE,
                () -> failedPasses() >= failedBefore + 4);
        databaseUp();

        long campaign = sms.launch("idle");
        Await.until("every text is sent", PATIENCE, () -> sms.withStatus(campaign, "sent") == phones.size());
        sms.assertEachTextedExactlyOnce(phones);
    }

    @Test
    void sendingResumesAfterTheDatabaseWentAwayWhileTextsWereDue() throws Exception {
        List<String> before = sms.supporters("before", 30);
        List<String> after = sms.supporters("after", 10);
        long first = sms.launch("before");
        Await.until("sending has started", PATIENCE, () -> TWILIO.messages().size() >= 3);

        long failedBefore = failedPasses();
        databaseDown();
        Await.until("the sms dispatcher keeps trying while the database is away", PATIENCE,
                () -> failedPasses() >= failedBefore + 4);
        assertThat(TWILIO.messages()).as("the outage came while texts were still due").hasSizeLessThan(before.size());
        databaseUp();

        long second = sms.launch("after");
        Await.until("both campaigns are sent", PATIENCE, () -> sms.withStatus(first, "sent") == before.size()
                && sms.withStatus(second, "sent") == after.size());
        sms.assertEachTextedExactlyOnce(before);
        sms.assertEachTextedExactlyOnce(after);
        Await.until("the dispatcher check is healthy", PATIENCE, () -> sms.dispatcherHealth().get("healthy").asBoolean());
    }

    /** No new connections to the app's database, and every open one (the pool's) terminated. */
    static void databaseDown() throws SQLException {
        DatabaseOutage.of(databaseName).down();
    }

    static void databaseUp() throws SQLException {
        allowConnections(true);
        Await.until("the API reaches the database again", PATIENCE, () -> sms.staff.get("/api/v1/campaigns").status() == 200);
    }

    static void allowConnections(boolean allow) throws SQLException {
        DatabaseOutage.of(databaseName).allowConnections(allow);
    }

    static long failedPasses() {
        return APP.getEnvironment().metrics().meter("delivery.sms.failed-passes").getCount();
    }
}
