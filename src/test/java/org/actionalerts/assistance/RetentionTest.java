package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.support.Api;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention erases the words of cases resolved long ago, and nothing else; counts and times stay. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RetentionTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            "dispatcher.enabled", "false", "assistance.retentionJob", "false", "assistance.retentionDays", "30");

    static long openCase(Api attorney, String message) {
        long s = attorney.as(TestApp.ADMIN_TOKEN).post("/api/v1/supporters", "{\"email\": \"r" + System.nanoTime() + "@example.org\"}")
                .json().get("id").asLong();
        long id = attorney.post("/api/v1/cases", "{\"supporterId\": " + s + ", \"message\": \"" + message + "\"}").json().get("id").asLong();
        attorney.patch("/api/v1/cases/" + id, "{\"status\": \"assigned\"}");
        attorney.post("/api/v1/cases/" + id + "/notes", "{\"body\": \"note on " + message + "\"}");
        attorney.post("/api/v1/cases/" + id + "/replies", "{\"channel\": \"email\", \"body\": \"reply on " + message + "\"}");
        return id;
    }

    @Test
    void erasesOnlyResolvedAndOldCases() {
        Api attorney = TestApp.api(APP).withNewToken("attorney");
        Jdbi jdbi = TestApp.jdbi(APP);
        long oldResolved = openCase(attorney, "old resolved");
        long oldOpen = openCase(attorney, "old open");
        attorney.patch("/api/v1/cases/" + oldResolved, "{\"status\": \"resolved\"}");
        ClockedApplication.CLOCK.advance(Duration.ofDays(31));
        long recentResolved = openCase(attorney, "recent resolved");
        attorney.patch("/api/v1/cases/" + recentResolved, "{\"status\": \"resolved\"}");

        Retention retention = new Retention(jdbi, ClockedApplication.CLOCK, 30, new AuditLog(jdbi, ClockedApplication.CLOCK));
        Retention.Result dry = retention.run(true);
        assertThat(dry).isEqualTo(new Retention.Result(1, 3, 1, true));
        assertThat(bodies(jdbi, oldResolved)).isEqualTo(4);

        Retention.Result done = retention.run(false);
        assertThat(done).isEqualTo(new Retention.Result(1, 3, 1, false));
        assertThat(bodies(jdbi, oldResolved)).isZero();
        assertThat(bodies(jdbi, oldOpen)).isEqualTo(4);
        assertThat(bodies(jdbi, recentResolved)).isEqualTo(4);
        int outboxWords = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE body LIKE '%old resolved%'")
                .mapTo(Integer.class).one());
        assertThat(outboxWords).isZero();

        // The rows and their times stay for statistics; the API shows the case as erased.
        var c = attorney.get("/api/v1/cases/" + oldResolved).json();
        assertThat(c.get("thread")).hasSize(3);
        assertThat(c.get("thread").get(0).get("body").isNull()).isTrue();
        assertThat(c.get("thread").get(0).get("at").isNull()).isFalse();
        assertThat(c.get("notes").get(0).get("body").isNull()).isTrue();
        assertThat(c.get("erasedAt").isNull()).isFalse();
        assertThat(c.get("firstResponseAt").isNull()).isFalse();
        assertThat(retention.run(false).cases()).isZero();
    }

    static int bodies(Jdbi jdbi, long caseId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM case_messages WHERE case_id = :c AND body IS NOT NULL)
                     + (SELECT count(*) FROM case_notes WHERE case_id = :c AND body IS NOT NULL)""")
                .bind("c", caseId).mapTo(Integer.class).one());
    }
}
