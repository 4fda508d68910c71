package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.actionalerts.ActionAlertsApplication;
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
        String email = "r" + System.nanoTime() + "@example.org";
        attorney.as(TestApp.ADMIN_TOKEN).post("/api/v1/supporters", "{\"email\": \"" + email + "\"}");
        long id = attorney.post("/api/v1/cases", "{\"email\": \"" + email + "\", \"message\": \"" + message + "\"}").json().get("id").asLong();
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
        // A case an attorney opened is not acknowledged: the request and the reply are its messages, plus a note.
        assertThat(dry).isEqualTo(new Retention.Result(1, 2, 1, true));
        assertThat(bodies(jdbi, oldResolved)).isEqualTo(3);

        Retention.Result done = retention.run(false);
        assertThat(done).isEqualTo(new Retention.Result(1, 2, 1, false));
        assertThat(bodies(jdbi, oldResolved)).isZero();
        assertThat(bodies(jdbi, oldOpen)).isEqualTo(3);
        assertThat(bodies(jdbi, recentResolved)).isEqualTo(3);
        String contact = jdbi.withHandle(h -> h.createQuery("SELECT concat(contact_name, contact_phone, contact_email) FROM cases"
                + " WHERE id = :id").bind("id", oldResolved).mapTo(String.class).one());
        assertThat(contact).as("the contact details given on the case are erased with its words").isEmpty();
        int outboxWords = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE body LIKE '%old resolved%'")
                .mapTo(Integer.class).one());
        assertThat(outboxWords).isZero();

        // The rows and their times stay for statistics; the API shows the case as erased.
        var c = attorney.get("/api/v1/cases/" + oldResolved).json();
        assertThat(c.get("thread")).hasSize(2);
        assertThat(c.get("thread").get(0).get("body").isNull()).isTrue();
        assertThat(c.get("thread").get(0).get("at").isNull()).isFalse();
        assertThat(c.get("notes").get(0).get("body").isNull()).isTrue();
        assertThat(c.get("erasedAt").isNull()).isFalse();
        assertThat(c.get("firstResponseAt").isNull()).isFalse();
        assertThat(retention.run(false).cases()).isZero();
    }

    /** What an operator runs: {@code retention config.yml}, dry run unless told otherwise, against this database. */
    @Test
    void theOperatorsCommandIsADryRunUnlessToldOtherwise() throws Exception {
        Api attorney = TestApp.api(APP).withNewToken("attorney");
        Jdbi jdbi = TestApp.jdbi(APP);
        long id = openCase(attorney, "resolved long ago");
        attorney.patch("/api/v1/cases/" + id, "{\"status\": \"resolved\"}");
        // The command runs on the real clock: move this case's resolution back instead of the clock forward.
        jdbi.useHandle(h -> h.execute("UPDATE cases SET resolved_at = now() - interval '40 days' WHERE id = ?", id));

        assertThat(retentionCommand()).startsWith("Dry run: would erase 1 cases resolved more than 30 days ago");
        assertThat(bodies(jdbi, id)).isEqualTo(3);
        assertThat(retentionCommand("--no-dry-run")).startsWith("Erased 1 cases resolved more than 30 days ago");
        assertThat(bodies(jdbi, id)).isZero();
        assertThat(retentionCommand("--no-dry-run")).startsWith("Erased 0 cases");
    }

    /** Runs the command through Dropwizard's command line with config.yml, pointed at the test database. */
    static String retentionCommand(String... flags) throws Exception {
        ActionAlertsApplication app = new ActionAlertsApplication();
        Bootstrap<ActionAlertsConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of("retention"), Stream.concat(Stream.of(flags), Stream.of("config.yml")))
                .toArray(String[]::new);
        PrintStream stdout = System.out;
        System.setProperty("dw.database.url", APP.getConfiguration().database().getUrl());
        System.setProperty("dw.assistance.retentionDays", "30");
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8)); // the command reports on standard output
        try {
            Optional<Throwable> failure = new Cli(new JarLocation(RetentionTest.class), bootstrap,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
            assertThat(failure).as(err.toString(StandardCharsets.UTF_8)).isEmpty();
        } finally {
            System.setOut(stdout);
            System.clearProperty("dw.database.url");
            System.clearProperty("dw.assistance.retentionDays");
        }
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Dry run") || l.startsWith("Erased"))
                .findFirst().orElse(out.toString(StandardCharsets.UTF_8));
    }

    static int bodies(Jdbi jdbi, long caseId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM case_messages WHERE case_id = :c AND body IS NOT NULL)
                     + (SELECT count(*) FROM case_notes WHERE case_id = :c AND body IS NOT NULL)""")
                .bind("c", caseId).mapTo(Integer.class).one());
    }
}
