package org.actionalerts.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.consent.Channel;
import org.actionalerts.delivery.ShortLinks;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * While the database cannot be reached, a link made or followed on this instance still redirects (from memory),
 * and its clicks wait and are written when the database is back; past the limit they are dropped and counted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseDownTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class, new String[0]);
    static final AtomicBoolean DOWN = new AtomicBoolean();
    static Jdbi live;
    static Jdbi switchable;

    @BeforeAll
    static void setUp() {
        live = TestApp.jdbi(APP);
        var db = APP.getConfiguration().database();
        switchable = Jdbi.create(() -> {
            if (DOWN.get()) {
                throw new SQLException("connection refused (the test took the database away)");
            }
            return DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
        });
    }

    @Test
    void redirectsGoOnAndClicksWaitForTheDatabase() {
        Api staff = TestApp.api(APP);
        long supporter = staff.post("/api/v1/supporters", "{\"phone\":\"+13015550901\",\"smsOptIn\":true}").json()
                .get("id").asLong();
        long campaign = staff.post("/api/v1/campaigns", "{\"name\":\"down\",\"actionUrl\":\"https://example.org/a\","
                + "\"channels\":[\"sms\"],\"sms\":{\"body\":{\"en\":\"Act: {{actionUrl}}\"}}}").json().get("id").asLong();
        ActionLinks links = new ActionLinks(switchable, 100);
        ShortLinks.Key key = new ShortLinks.Key(campaign, supporter, Channel.SMS);
        String code = live.inTransaction(h -> links.codes(h, List.of(key), Clock.systemUTC().instant())).get(key);
        // The same recipient gets the same code again (a retry, a text moved past quiet hours).
        assertThat(live.inTransaction(h -> links.codes(h, List.of(key), Clock.systemUTC().instant())).get(key)).isEqualTo(code);

        MetricRegistry metrics = new MetricRegistry();
        ClickRecorder clicks = new ClickRecorder(switchable, Clock.systemUTC(), 60_000, 2, metrics);
        DOWN.set(true);
        assertThat(links.find(code)).get().extracting(ActionLinks.Target::location)
                .isEqualTo("https://example.org/a?utm_source=sms&utm_medium=action-alert&utm_campaign=" + campaign);
        assertThatThrownBy(() -> links.find("AAAAAAAAAA")).isInstanceOf(RuntimeException.class);
        clicks.click(code);
        clicks.click(code);
        assertThat(clicks.flush()).isFalse();
        clicks.click("BBBBBBBBBB");
        clicks.click("CCCCCCCCCC"); // a third person waiting: over the limit of 2
        assertThat(clicks.flush()).isFalse();
        assertThat(metrics.counter("actions.clicks.lost").getCount()).isEqualTo(1);

        DOWN.set(false);
        assertThat(clicks.flush()).isTrue();
        int written = live.withHandle(h -> h.createQuery("SELECT clicks FROM action_links WHERE code = :c")
                .bind("c", code).mapTo(Integer.class).one());
        assertThat(written).isEqualTo(2);
        assertThat(metrics.meter("actions.clicks.recorded").getCount()).isEqualTo(3);
    }
}
