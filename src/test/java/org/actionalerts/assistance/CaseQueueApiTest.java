package org.actionalerts.assistance;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Working the queue through the API: claim order, status changes, notes, overdue, stats and the audit trail. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CaseQueueApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            "dispatcher.enabled", "false",
            "assistance.retentionJob", "false");
    static final AtomicInteger PHONES = new AtomicInteger(100);
    static Api admin;
    static Api attorney;
    static long attorneyUserId;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        jdbi = TestApp.jdbi(APP);
        JsonNode user = admin.post("/api/v1/users", """
                {"name": "Ana Attorney", "email": "ana@example.org", "role": "attorney",
                 "queues": ["state-local-advocacy"], "password": "correct horse battery"}""").json();
        attorneyUserId = user.get("id").asLong();
        String token = admin.post("/api/v1/tokens", "{\"name\": \"ana\", \"role\": \"attorney\", \"userId\": " + attorneyUserId + "}")
                .json().get("token").asText();
        attorney = admin.as(token);
    }

    @BeforeEach
    void emptyQueue() {
        jdbi.useHandle(h -> h.execute("UPDATE cases SET status = 'resolved', resolved_at = now() WHERE status <> 'resolved'"));
    }

    static long supporter() {
        return admin.post("/api/v1/supporters", "{\"firstName\": \"Rosa\", \"phone\": \"+1301555" + String.format("%04d", PHONES.incrementAndGet())
                + "\", \"email\": \"rosa" + PHONES.get() + "@example.org\"}").json().get("id").asLong();
    }

    /** A supporter on the list, as the JSON fields an attorney gives to open a case for them (name, phone, email). */
    static String supporterContact() {
        supporter();
        return "\"name\": \"Rosa\", \"phone\": \"+1301555" + String.format("%04d", PHONES.get()) + "\", \"email\": \"rosa"
                + PHONES.get() + "@example.org\"";
    }

    static long open(String message) {
        Api.Reply r = attorney.post("/api/v1/cases", "{" + supporterContact() + ", \"message\": \"" + message + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ClockedApplication.CLOCK.advance(Duration.ofSeconds(1));
        return r.json().get("id").asLong();
    }

    @Test
    void claimGivesUrgentFirstThenOldestAnd204WhenEmpty() {
        long oldNormal = open("question about secure communities");
        long newerNormal = open("question about a detainer policy");
        long urgent = open("my brother was detained this morning");
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Reply r = attorney.post("/api/v1/cases/claim", "");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            order.add(r.json().get("id").asLong());
            assertThat(r.json().get("status").asText()).isEqualTo("assigned");
            assertThat(r.json().get("assignee").get("userId").asLong()).isEqualTo(attorneyUserId);
        }
        assertThat(order).containsExactly(urgent, oldNormal, newerNormal);
        assertThat(attorney.post("/api/v1/cases/claim", "").status()).isEqualTo(204);

        // Each claim is audited with who claimed it and whose request it is.
        JsonNode claimedCase = attorney.get("/api/v1/cases/" + urgent).json();
        assertThat(claimedCase.get("assignee").get("name").asText()).isEqualTo("Ana Attorney");
        JsonNode audit = admin.get("/api/v1/audit?caseId=" + urgent).json().get("items");
        JsonNode claim = java.util.stream.StreamSupport.stream(audit.spliterator(), false)
                .filter(a -> a.get("action").asText().equals("case.claim")).findFirst().orElseThrow();
        assertThat(claim.get("actorUserId").asLong()).isEqualTo(attorneyUserId);
        assertThat(claim.get("supporterId").asLong()).isEqualTo(claimedCase.get("requester").get("supporterId").asLong());
    }

    /** Repeated: the 413 once lost the race with the connection's close now and then (issue 17). */
    @RepeatedTest(50)
    void claimAnswersEveryRefusalInTheApisJsonShapeAndTakesNothing() {
        long id = open("question about a 287(g) agreement");
        Api.Reply get = attorney.get("/api/v1/cases/claim");
        assertError(get, 405);
        assertThat(get.header("Allow")).isEqualTo("POST");
        Api.Reply forged = admin.as("aa_not-a-real-token").post("/api/v1/cases/claim", "");
        assertError(forged, 401);
        assertThat(forged.header("WWW-Authenticate")).startsWith("Bearer");
        byte[] tooLarge = new byte[1_048_577];
        assertError(attorney.send("/api/v1/cases/claim", "POST", "application/json", tooLarge), 413);
        // None of those took the case.
        assertThat(attorney.get("/api/v1/cases/" + id).json().get("status").asText()).isEqualTo("new");

        // An admin may claim too; a queue with nothing waiting answers 204, and the case stays in its own queue.
        assertThat(admin.post("/api/v1/cases/claim?queue=no-such-queue", "").status()).isEqualTo(204);
        Api.Reply claimed = admin.post("/api/v1/cases/claim?queue=" + attorney.get("/api/v1/cases/" + id).json().get("queue").asText(), "");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        assertThat(claimed.header("Content-Type")).startsWith("application/json");
        assertThat(claimed.json().get("id").asLong()).isEqualTo(id);
    }

    @Test
    void aClaimTheDatabaseRefusesIsAnswered503AndTheCaseStaysInTheQueue() {
        long id = open("question about the criminal alien program");
        jdbi.useHandle(h -> {
            h.execute("UPDATE cases SET queue = 'claims-refused' WHERE id = ?", id);
            h.execute("CREATE FUNCTION refuse_claim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$");
            h.execute("CREATE TRIGGER refuse_claim BEFORE UPDATE ON cases FOR EACH ROW"
                    + " WHEN (OLD.queue = 'claims-refused' AND NEW.status = 'assigned') EXECUTE FUNCTION refuse_claim()");
        });
        try {
            Api.Reply refused = attorney.post("/api/v1/cases/claim?queue=claims-refused", "");
            assertError(refused, 503);
            assertThat(refused.json().get("message").asText()).isEqualTo("The case could not be claimed; try again");
            assertThat(attorney.get("/api/v1/cases/" + id).json().get("status").asText()).isEqualTo("new");
        } finally {
            jdbi.useHandle(h -> h.execute("DROP TRIGGER refuse_claim ON cases; DROP FUNCTION refuse_claim()"));
        }
        Api.Reply claimed = attorney.post("/api/v1/cases/claim?queue=claims-refused", "");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        assertThat(claimed.json().get("id").asLong()).isEqualTo(id);
    }

    @Test
    void timesInACasesThreadAreWrittenAsTheApiWritesEveryOtherTime() throws Exception {
        // The thread's JSON is made by PostgreSQL and passed through; every other time in the API is Jackson's.
        for (String at : List.of("2026-11-29T11:29:23Z", "2026-11-29T11:29:23.400Z", "2026-11-29T11:29:23.010Z",
                "2026-11-29T11:29:23.425100Z", "2026-11-29T11:29:23.000001Z", "2026-01-01T00:00:00.999999Z")) {
            java.time.Instant instant = java.time.Instant.parse(at);
            String fromSql = jdbi.withHandle(h -> h.createQuery("SELECT " + CaseViews.instant("CAST(:t AS timestamptz)"))
                    .bind("t", java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC)).mapTo(String.class).one());
            assertThat("\"" + fromSql + "\"").isEqualTo(APP.getObjectMapper().writeValueAsString(instant));
        }
    }

    @Test
    void aClaimAnswersWithTheWholeCaseAsReadingItShows() {
        long id = open("ICE took my neighbour <b>today</b>");
        JsonNode first = attorney.post("/api/v1/cases/claim", "").json();
        assertThat(first.get("id").asLong()).isEqualTo(id);
        assertThat(first.get("notes").isArray()).isTrue();
        assertThat(first.get("notes")).isEmpty();
        List<String> fields = new ArrayList<>();
        first.get("thread").get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "direction", "channel", "kind", "body", "at", "author", "status",
                "errorCode", "sentAt");
        assertThat(attorney.post("/api/v1/cases/" + id + "/notes", "{\"body\": \"call back after 5pm\"}").status()).isEqualTo(201);
        // Back to the queue with its note, then claimed again: the claim's answer carries all of it.
        assertThat(attorney.patch("/api/v1/cases/" + id, "{\"assignee\": null}").json().get("status").asText()).isEqualTo("new");

        JsonNode claimed = attorney.post("/api/v1/cases/claim", "").json();
        JsonNode read = attorney.get("/api/v1/cases/" + id).json();
        assertThat(claimed).isEqualTo(read);
        assertThat(claimed.get("requester").get("name").asText()).isEqualTo("Rosa");
        assertThat(claimed.get("thread")).hasSize(1); // the request: a case an attorney opens is not acknowledged
        assertThat(claimed.get("thread").get(0).get("body").asText()).isEqualTo("ICE took my neighbour <b>today</b>");
        assertThat(claimed.get("thread").get(0).get("at").asText()).isEqualTo(read.get("createdAt").asText());
        assertThat(claimed.get("notes")).hasSize(1);
        assertThat(claimed.get("notes").get(0).get("body").asText()).isEqualTo("call back after 5pm");
        assertThat(claimed.get("notes").get(0).get("author").asText()).isEqualTo("Ana Attorney");
    }

    @Test
    void statusMovesAlongTheAllowedPathsOnly() {
        long id = open("help with 287g");
        assertError(attorney.patch("/api/v1/cases/" + id, "{\"status\": \"waiting\"}"), 409);
        assertError(attorney.patch("/api/v1/cases/" + id, "{\"status\": \"closed\"}"), 422);
        JsonNode assigned = attorney.patch("/api/v1/cases/" + id, "{\"status\": \"assigned\"}").json();
        assertThat(assigned.get("assignee").get("name").asText()).isEqualTo("Ana Attorney");
        assertThat(attorney.patch("/api/v1/cases/" + id, "{\"status\": \"waiting\"}").json().get("status").asText()).isEqualTo("waiting");
        assertThat(attorney.patch("/api/v1/cases/" + id, "{\"status\": \"assigned\"}").json().get("status").asText()).isEqualTo("assigned");
        JsonNode resolved = attorney.patch("/api/v1/cases/" + id, "{\"status\": \"resolved\", \"topic\": \"287g\"}").json();
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("resolvedAt").isNull()).isFalse();
        assertThat(resolved.get("topic").asText()).isEqualTo("287g");
        assertError(attorney.patch("/api/v1/cases/" + id, "{\"topic\": \"parking\"}"), 422);
        assertError(attorney.patch("/api/v1/cases/" + id, "{\"assignee\": 999999}"), 422);
        // Clearing the assignee of a reopened case puts it back in the queue.
        attorney.patch("/api/v1/cases/" + id, "{\"status\": \"assigned\"}");
        JsonNode back = attorney.patch("/api/v1/cases/" + id, "{\"assignee\": null}").json();
        assertThat(back.get("status").asText()).isEqualTo("new");
        assertThat(back.get("assignee").isNull()).isTrue();
        assertError(attorney.patch("/api/v1/cases/999999", "{\"status\": \"assigned\"}"), 404);
    }

    @Test
    void notesStayInternalAndOverdueCasesAreFlagged() {
        long urgent = open("ICE is here at my workplace");
        long normal = open("a question for later");
        Api.Reply note = attorney.post("/api/v1/cases/" + urgent + "/notes", "{\"body\": \"called the family\"}");
        assertThat(note.status()).isEqualTo(201);
        assertThat(note.json().get("author").asText()).isEqualTo("Ana Attorney");
        assertError(attorney.post("/api/v1/cases/" + urgent + "/notes", "{\"body\": \"\"}"), 422);
        long notesSent = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE body LIKE '%called the family%'")
                .mapTo(Long.class).one());
        assertThat(notesSent).isZero();

        ClockedApplication.CLOCK.advance(Duration.ofHours(2));
        JsonNode overdue = attorney.get("/api/v1/cases?overdue=true&status=open").json().get("items");
        assertThat(overdue).extracting(c -> c.get("id").asLong()).containsExactly(urgent);
        assertThat(overdue.get(0).get("overdue").asBoolean()).isTrue();
        JsonNode stats = attorney.get("/api/v1/queues/state-local-advocacy/stats").json();
        assertThat(stats.get("openByPriority").get("urgent").asLong()).isEqualTo(1);
        assertThat(stats.get("openByPriority").get("normal").asLong()).isEqualTo(1);
        assertThat(stats.get("overdue").asLong()).isEqualTo(1);
        JsonNode urgentOnly = attorney.get("/api/v1/cases?priority=urgent&status=new").json().get("items");
        assertThat(urgentOnly).extracting(c -> c.get("id").asLong()).containsExactly(urgent);
        assertThat(attorney.get("/api/v1/cases/" + normal).json().get("overdue").asBoolean()).isFalse();
    }

    @Test
    void listsArePaged() {
        for (int i = 0; i < 3; i++) {
            open("paging " + i);
        }
        JsonNode first = attorney.get("/api/v1/cases?status=new&limit=2").json();
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = attorney.get("/api/v1/cases?status=new&limit=2&after=" + first.get("next").asText()).json();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("next").isNull()).isTrue();
        assertError(attorney.get("/api/v1/cases?status=lost"), 422);
    }

    @Test
    void everyReadAndChangeIsAudited() {
        long id = open("audit me");
        attorney.get("/api/v1/cases/" + id);
        attorney.get("/api/v1/cases?status=new");
        attorney.patch("/api/v1/cases/" + id, "{\"status\": \"assigned\"}");
        attorney.post("/api/v1/cases/" + id + "/notes", "{\"body\": \"private\"}");
        Api.Reply requester = attorney.get("/api/v1/cases/" + id + "/requester");
        assertThat(requester.status()).isEqualTo(200);
        assertThat(requester.json().get("firstName").asText()).isEqualTo("Rosa");

        JsonNode audit = admin.get("/api/v1/audit?caseId=" + id).json().get("items");
        assertThat(audit).extracting(a -> a.get("action").asText())
                .containsExactly("case.open", "case.read", "case.list", "case.update", "case.note", "requester.read");
        for (JsonNode a : audit) {
            assertThat(a.get("actorUserId").asLong()).isEqualTo(attorneyUserId);
            assertThat(a.get("at").asText()).isNotBlank();
        }
        assertThat(audit.toString()).doesNotContain("private", "audit me");
        assertError(admin.get("/api/v1/audit?caseId=abc"), 422);
    }

    @Test
    void roles() {
        Api staff = admin.withNewToken("staff");
        Api anonymous = admin.as(null);
        long id = open("roles");
        for (String path : List.of("/api/v1/cases", "/api/v1/cases/" + id, "/api/v1/queues/state-local-advocacy/stats",
                "/api/v1/cases/" + id + "/requester")) {
            assertError(staff.get(path), 403);
            assertError(anonymous.get(path), 401);
        }
        assertError(staff.post("/api/v1/cases/claim", ""), 403);
        assertError(staff.patch("/api/v1/cases/" + id, "{\"status\": \"assigned\"}"), 403);
        assertError(staff.post("/api/v1/cases/" + id + "/notes", "{\"body\": \"x\"}"), 403);
        assertError(staff.post("/api/v1/cases/" + id + "/replies", "{\"body\": \"x\"}"), 403);
        assertError(anonymous.post("/api/v1/cases/claim", ""), 401);
        // Staff may open a case for a supporter, and learn only its reference.
        Api.Reply opened = staff.post("/api/v1/cases", "{" + supporterContact() + ", \"message\": \"walk-in\"}");
        assertThat(opened.status()).isEqualTo(201);
        assertThat(opened.body()).doesNotContain("walk-in");
        // Attorneys may not manage users or read the audit log, nor read supporters outside a case.
        assertError(attorney.get("/api/v1/users"), 403);
        assertError(attorney.post("/api/v1/users", "{\"name\": \"x\", \"role\": \"admin\"}"), 403);
        assertError(attorney.get("/api/v1/audit?caseId=" + id), 403);
        assertError(attorney.get("/api/v1/supporters"), 403);
        assertError(staff.get("/api/v1/audit"), 403);
        assertError(anonymous.get("/api/v1/users"), 401);
    }
}
