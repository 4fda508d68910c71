package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        // Its requester was added by staff with an email only: no consent, no list, no other case, so forgotten too.
        assertThat(dry).isEqualTo(new Retention.Result(1, 2, 1, 1, true));
        assertThat(bodies(jdbi, oldResolved)).isEqualTo(3);

        Retention.Result done = retention.run(false);
        assertThat(done).isEqualTo(new Retention.Result(1, 2, 1, 1, false));
        assertThat(bodies(jdbi, oldResolved)).isZero();
        assertThat(bodies(jdbi, oldOpen)).isEqualTo(3);
        assertThat(bodies(jdbi, recentResolved)).isEqualTo(3);
        int traces = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM outbox o JOIN case_messages m ON m.outbox_id = o.id
                 WHERE m.case_id = :id AND (o.recipient IS NOT NULL OR o.supporter_id IS NOT NULL OR o.provider_id IS NOT NULL)""")
                .bind("id", oldResolved).mapTo(Integer.class).one());
        assertThat(traces).as("the erased case's messages no longer say whom they went to").isZero();
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

    /**
     * Retention unlinks the cases it erases from their requesters, and forgets the people who existed only as
     * requesters; someone on a list, someone who gave consent and someone with another case stay.
     */
    @Test
    void forgetsPeopleWhoOnlyAskedForHelp() {
        Api admin = TestApp.api(APP);
        Api attorney = admin.withNewToken("attorney");
        Jdbi jdbi = TestApp.jdbi(APP);
        Retention retention = new Retention(jdbi, ClockedApplication.CLOCK, 30, new AuditLog(jdbi, ClockedApplication.CLOCK));
        // Whatever other tests left resolved is erased first, so the counts below are this test's own.
        ClockedApplication.CLOCK.advance(Duration.ofDays(31));
        retention.run(false);

        String n = String.format("%04d", System.nanoTime() % 10000);
        long onlyAsked = caseFor(attorney, "{\"name\": \"Olga Asks\", \"phone\": \"+1410555" + n + "\"}");
        long onlyAskedPerson = requester(jdbi, onlyAsked);

        long onList = admin.post("/api/v1/supporters", "{\"email\": \"listed" + n + "@example.org\"}").json().get("id").asLong();
        long list = admin.post("/api/v1/lists", "{\"name\": \"rapid response " + n + "\"}").json().get("id").asLong();
        assertThat(admin.post("/api/v1/lists/" + list + "/members", "{\"supporterIds\": [" + onList + "]}").status()).isEqualTo(200);
        long listedCase = caseFor(attorney, "{\"email\": \"listed" + n + "@example.org\"}");

        long consented = admin.post("/api/v1/supporters", "{\"phone\": \"+1443555" + n + "\", \"smsOptIn\": true}")
                .json().get("id").asLong();
        long consentedCase = caseFor(attorney, "{\"phone\": \"+1443555" + n + "\"}");

        long twoCases = caseFor(attorney, "{\"phone\": \"+1667555" + n + "\"}");
        long stillOpen = caseFor(attorney, "{\"phone\": \"+1667555" + n + "\"}");
        long twoCasesPerson = requester(jdbi, twoCases);
        assertThat(requester(jdbi, stillOpen)).isEqualTo(twoCasesPerson);

        List<Long> resolved = List.of(onlyAsked, listedCase, consentedCase, twoCases);
        for (long id : resolved) {
            assertThat(attorney.patch("/api/v1/cases/" + id, "{\"status\": \"assigned\"}").status()).isEqualTo(200);
            assertThat(attorney.patch("/api/v1/cases/" + id, "{\"status\": \"resolved\"}").status()).isEqualTo(200);
        }
        ClockedApplication.CLOCK.advance(Duration.ofDays(31));

        // Each case has its opening words only; one person is nothing but a requester.
        Retention.Result dry = retention.run(true);
        assertThat(dry).isEqualTo(new Retention.Result(4, 4, 0, 1, true));
        assertThat(admin.get("/api/v1/supporters/" + onlyAskedPerson).status()).as("a dry run forgets nobody").isEqualTo(200);
        assertThat(resolved).allSatisfy(id -> assertThat(requester(jdbi, id)).isNotNull());
        assertThat(resolved).allSatisfy(id -> assertThat(bodies(jdbi, id)).isEqualTo(1));

        // On a whole second, so the audit row's time compares exactly.
        ClockedApplication.CLOCK.set(ClockedApplication.CLOCK.instant().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
        assertThat(retention.run(false)).isEqualTo(new Retention.Result(4, 4, 0, 1, false));
        assertThat(admin.get("/api/v1/supporters/" + onlyAskedPerson).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/supporters/" + onList).status()).as("on a list").isEqualTo(200);
        assertThat(admin.get("/api/v1/supporters/" + consented).status()).as("gave consent").isEqualTo(200);
        assertThat(admin.get("/api/v1/supporters/" + twoCasesPerson).status()).as("has another case").isEqualTo(200);

        // The cases stay, with their times, but no longer say who asked: not in the cases, not in the audit log.
        assertThat(resolved).allSatisfy(id -> {
            assertThat(requester(jdbi, id)).isNull();
            var c = attorney.get("/api/v1/cases/" + id);
            assertThat(c.status()).isEqualTo(200);
            assertThat(c.json().get("erasedAt").isNull()).isFalse();
            assertThat(c.json().get("resolvedAt").isNull()).isFalse();
            assertThat(attorney.get("/api/v1/cases/" + id + "/requester").status()).isEqualTo(404);
        });
        assertThat(requester(jdbi, stillOpen)).isEqualTo(twoCasesPerson);
        int auditedWithRequester = jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE case_id = ANY(:ids) AND supporter_id IS NOT NULL")
                .bind("ids", resolved.stream().mapToLong(Long::longValue).toArray()).mapTo(Integer.class).one());
        assertThat(auditedWithRequester).isZero();
        var aboutForgotten = admin.get("/api/v1/audit?supporterId=" + onlyAskedPerson).json().get("items");
        assertThat(aboutForgotten).hasSize(1);
        assertThat(aboutForgotten.get(0).get("action").asText()).isEqualTo("supporter.erase");
        assertThat(aboutForgotten.get(0).get("actorName").asText()).isEqualTo("retention");
        assertThat(Instant.parse(aboutForgotten.get(0).get("at").asText())).isEqualTo(ClockedApplication.CLOCK.instant());
        int olgaAnywhere = jdbi.withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM supporters WHERE phone = :p)
                     + (SELECT count(*) FROM cases WHERE contact_phone = :p OR contact_name LIKE 'Olga%')
                     + (SELECT count(*) FROM inbound_messages WHERE from_phone = :p)
                     + (SELECT count(*) FROM outbox WHERE recipient = :p)""").bind("p", "+1410555" + n)
                .mapTo(Integer.class).one());
        assertThat(olgaAnywhere).isZero();
        assertThat(retention.run(false)).isEqualTo(new Retention.Result(0, 0, 0, 0, false));
    }

    static long caseFor(Api attorney, String contact) {
        String body = contact.substring(0, contact.length() - 1) + ", \"message\": \"what are my rights\"}";
        Api.Reply r = attorney.post("/api/v1/cases", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static Long requester(Jdbi jdbi, long caseId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT supporter_id FROM cases WHERE id = :id").bind("id", caseId)
                .mapTo(Long.class).one());
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

        assertThat(retentionCommand()).startsWith("Dry run: would erase 1 cases resolved more than 30 days ago")
                .endsWith("and would forget 1 people who only asked for help");
        assertThat(bodies(jdbi, id)).isEqualTo(3);
        assertThat(retentionCommand("--no-dry-run")).startsWith("Erased 1 cases resolved more than 30 days ago")
                .endsWith("and forgot 1 people who only asked for help");
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
