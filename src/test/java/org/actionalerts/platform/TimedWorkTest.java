package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Duration;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Await;
import org.actionalerts.support.TestApp;
import org.actionalerts.support.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, "timed work runs once per deployment": two instances of the service on one database, each scheduling
 * the same jobs. The daily retention job, due at start on both, runs once; the campaign scheduler's turns are
 * shared (one instance skips a turn the other just took), and every run is recorded in timed_work.
 */
class TimedWorkTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String DATABASE = TestDatabase.newDatabase();
    static final DropwizardAppExtension<ActionAlertsConfiguration> FIRST = instance();
    static final DropwizardAppExtension<ActionAlertsConfiguration> SECOND = instance();

    /**
     * Started and stopped by hand, last in first out: each app's settings are system properties it restores when it
     * stops, and stopped in start order the second would put back the first's, leaking them into later test classes.
     */
    @BeforeAll
    static void start() throws Exception {
        FIRST.before();
        SECOND.before();
    }

    @AfterAll
    static void stop() {
        SECOND.after();
        FIRST.after();
        assertThat(System.getProperties().stringPropertyNames()).noneMatch(name -> name.startsWith("dw."));
    }

    static DropwizardAppExtension<ActionAlertsConfiguration> instance() {
        return TestApp.create(ActionAlertsApplication.class, "database.url", DATABASE,
                "timedWork.retentionFirstRunAfter", "0s");
    }

    @Test
    void theDailyRetentionJobRunsOnceForBothInstances() {
        Await.until("both instances have had their retention turn", PATIENCE,
                () -> attempts(FIRST, "retention") >= 1 && attempts(SECOND, "retention") >= 1);
        assertThat(ran(FIRST, "retention") + ran(SECOND, "retention")).isEqualTo(1);
        assertThat(recordedRuns("retention")).isEqualTo(1);
    }

    @Test
    void theCampaignSchedulerTakesTurnsAcrossInstances() {
        Await.until("both instances have had several scheduler turns", PATIENCE,
                () -> attempts(FIRST, "campaign-scheduler") >= 5 && attempts(SECOND, "campaign-scheduler") >= 5);
        long ran = ran(FIRST, "campaign-scheduler") + ran(SECOND, "campaign-scheduler");
        long skipped = skipped(FIRST, "campaign-scheduler") + skipped(SECOND, "campaign-scheduler");
        assertThat(skipped).as("turns skipped because the other instance had just run it").isPositive();
        assertThat(failed(FIRST, "campaign-scheduler") + failed(SECOND, "campaign-scheduler")).isZero();
        long recorded = recordedRuns("campaign-scheduler");
        // Read after the counters: a turn may have run in between, never fewer recorded than counted.
        assertThat(recorded).isGreaterThanOrEqualTo(ran);
    }

    static long recordedRuns(String job) {
        Jdbi jdbi = TestApp.jdbi(FIRST);
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(runs), 0) FROM timed_work WHERE job = :job")
                .bind("job", job).mapTo(Long.class).one());
    }

    static long ran(DropwizardAppExtension<ActionAlertsConfiguration> app, String job) {
        return count(app, job, "ran");
    }

    static long skipped(DropwizardAppExtension<ActionAlertsConfiguration> app, String job) {
        return count(app, job, "skipped");
    }

    static long failed(DropwizardAppExtension<ActionAlertsConfiguration> app, String job) {
        return count(app, job, "failed");
    }

    static long attempts(DropwizardAppExtension<ActionAlertsConfiguration> app, String job) {
        return ran(app, job) + skipped(app, job) + failed(app, job);
    }

    static long count(DropwizardAppExtension<ActionAlertsConfiguration> app, String job, String outcome) {
        return app.getEnvironment().metrics().meter(MetricRegistry.name("timed-work", job, outcome)).getCount();
    }
}
