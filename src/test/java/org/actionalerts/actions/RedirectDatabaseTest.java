package org.actionalerts.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.DatabaseOutage;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The redirect through the running service while its database is down or slow: a short link keeps redirecting
 * (from memory), its clicks wait and are written once the database is back or free, and nothing is lost.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedirectDatabaseTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String PUBLIC = "https://alerts.example.org";
    static final String ACTION_URL = "https://example.org/call";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            Providers.settings(TWILIO, null, "publicBaseUrl", PUBLIC, "actions.clickFlush", "20ms"));
    static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirect
    static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC) + "/a/([A-Za-z0-9]{10})");
    static Api staff;
    static Jdbi jdbi;
    static DatabaseOutage outage;

    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
        outage = DatabaseOutage.of(jdbi);
    }

    @AfterEach
    void databaseBack() throws SQLException {
        outage.up();
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    @Test
    void aLinkMadeHereRedirectsWhileTheDatabaseIsDownAndItsClicksAreWrittenWhenItIsBack() throws Exception {
        List<String> phones = List.of("+13015557101", "+13015557102");
        long campaign = launch("down", phones);
        String ana = code(phones.get(0));
        String bo = code(phones.get(1));

        outage.down();
        assertRedirects(ana, campaign);
        assertRedirects(ana, campaign);
        assertRedirects(bo, campaign);
        // Not in memory and the database cannot say: a small page asking to try again, at once.
        Api.Reply unknown = follow(ActionLinks.newCode());
        assertThat(unknown.status()).isEqualTo(503);
        assertThat(unknown.body()).contains("Please try again");
        // The two people's clicks wait in memory; none was dropped.
        Await.until("the clicks wait for the database", () -> pendingClicks() == 2);
        assertThat(lostClicks()).isZero();

        outage.up();
        Await.until("the clicks are written", PATIENCE, () -> Integer.valueOf(2).equals(clicksOrNull(ana))
                && Integer.valueOf(1).equals(clicksOrNull(bo)));
        Await.until("nothing waits any more", () -> pendingClicks() == 0);
        assertThat(lostClicks()).isZero();
        assertThat(staff.get("/api/v1/campaigns/" + campaign + "/report").json().get("clicked").asInt()).isEqualTo(2);
    }

    @Test
    void aSlowDatabaseDoesNotHoldTheRedirectBack() throws Exception {
        List<String> phones = List.of("+13015557201", "+13015557202");
        long campaign = launch("slow", phones);
        String made = code(phones.get(0));
        // A link another instance made: this one has never seen it, so the redirect reads it from the database.
        long other = jdbi.withHandle(h -> h.createQuery("SELECT id FROM supporters WHERE phone = :p")
                .bind("p", phones.get(1)).mapTo(Long.class).one());
        String elsewhere = ActionLinks.newCode();
        jdbi.useHandle(h -> h.createUpdate("UPDATE action_links SET code = :code WHERE supporter_id = :s AND campaign_id = :c")
                .bind("code", elsewhere).bind("s", other).bind("c", campaign).execute());

        var db = APP.getConfiguration().database();
        try (Connection locker = DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
             Statement st = locker.createStatement()) {
            // Another session holds the click table: reads go on, every write to it waits.
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE action_links IN EXCLUSIVE MODE");
            assertRedirects(made, campaign);
            Await.until("the click writer waits for the lock", PATIENCE, RedirectDatabaseTest::clickWriterWaits);
            // While the writer is stuck, people are still redirected, from memory and from the database.
            assertRedirects(made, campaign);
            assertRedirects(elsewhere, campaign);
            assertThat(clickWriterWaits()).as("the writer still waits").isTrue();
            assertThat(clicksOrNull(made)).isZero();
            locker.rollback();
        }
        Await.until("the clicks are written", PATIENCE, () -> Integer.valueOf(2).equals(clicksOrNull(made))
                && Integer.valueOf(1).equals(clicksOrNull(elsewhere)));
        assertThat(lostClicks()).isZero();
    }

    static long launch(String tag, List<String> phones) {
        for (String phone : phones) {
            assertThat(staff.post("/api/v1/supporters", "{\"phone\":\"" + phone + "\",\"tags\":[\"" + tag
                    + "\"],\"smsOptIn\":true}").status()).isEqualTo(201);
        }
        Api.Reply r = staff.post("/api/v1/campaigns", "{\"name\":\"" + tag + "\",\"actionUrl\":\"" + ACTION_URL + "\","
                + "\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"" + tag + "\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Call the sheriff: {{actionUrl}}\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        assertThat(staff.post("/api/v1/campaigns/" + id + "/launch", "").status()).isEqualTo(202);
        Await.until("the texts are sent", () -> staff.get("/api/v1/campaigns/" + id).json()
                .get("stats").get("sent").asInt() == phones.size());
        return id;
    }

    static String code(String phone) {
        List<FakeTwilio.Received> texts = TWILIO.messagesTo(phone);
        Matcher m = LINK.matcher(texts.get(texts.size() - 1).body());
        assertThat(m.find()).as("a short link in the text").isTrue();
        return m.group(1);
    }

    /**
     * Follows a link like a phone's browser. A redirect held back by the database would hang: after a generous
     * minute the request gives up, so the test fails instead of hanging (no time is asserted).
     */
    static Api.Reply follow(String code) {
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(staff.base() + "/a/" + code))
                    .timeout(PATIENCE).header("User-Agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36"
                            + " (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Api.Reply(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
        } catch (java.io.IOException e) {
            throw new AssertionError("the redirect did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void assertRedirects(String code, long campaign) {
        Api.Reply r = follow(code);
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        assertThat(r.header("Location"))
                .isEqualTo(ACTION_URL + "?utm_source=sms&utm_medium=action-alert&utm_campaign=" + campaign);
    }

    /** The code's click count, or null while the database cannot be read. */
    static Integer clicksOrNull(String code) {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT clicks FROM action_links WHERE code = :c").bind("c", code)
                    .mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The click recorder's UPDATE is waiting for a lock (seen from PostgreSQL's side). */
    static boolean clickWriterWaits() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'
                           AND query LIKE '%UPDATE action_links l SET clicks%'""")
                .mapTo(Integer.class).one()) > 0;
    }

    static long pendingClicks() {
        Gauge<?> gauge = APP.getEnvironment().metrics().getGauges().get("actions.clicks.pending");
        return ((Number) gauge.getValue()).longValue();
    }

    static long lostClicks() {
        return APP.getEnvironment().metrics().counter("actions.clicks.lost").getCount();
    }
}
