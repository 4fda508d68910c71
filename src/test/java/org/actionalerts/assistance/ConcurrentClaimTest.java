package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Twenty attorneys claiming at once, through the API: every case goes to exactly one of them. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConcurrentClaimTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            "dispatcher.enabled", "false", "assistance.retentionJob", "false");
    static final int CASES = 200;
    static final int URGENT = 40;
    static final int CLAIMERS = 20;

    record Claim(long id, String priority, String queue) {}

    @Test
    void noCaseIsClaimedTwiceAndNoClaimerGetsUrgentAfterNormal() throws Exception {
        Jdbi jdbi = TestApp.jdbi(APP);
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO cases (reference, source, priority, queue, created_at, updated_at, due_at)
                SELECT 'HR-T' || lpad(g::text, 3, '0') || '-ZZ', 'web', CASE WHEN g % 5 = 0 THEN 'urgent' ELSE 'normal' END,
                       'state-local-advocacy', now() - (g || ' seconds')::interval, now(), now() + interval '1 hour'
                  FROM generate_series(1, ?) g""", CASES));
        Api admin = TestApp.api(APP);
        List<Api> attorneys = new ArrayList<>();
        for (int i = 0; i < CLAIMERS; i++) {
            attorneys.add(admin.withNewToken("attorney"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Claim>>> results = new ArrayList<>();
        for (Api attorney : attorneys) {
            results.add(pool.submit(() -> {
                start.await();
                List<Claim> mine = new ArrayList<>();
                while (true) {
                    Api.Reply r = attorney.post("/api/v1/cases/claim", "");
                    if (r.status() == 204) {
                        return mine;
                    }
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    mine.add(new Claim(r.json().get("id").asLong(), r.json().get("priority").asText(), r.json().get("queue").asText()));
                }
            }));
        }
        start.countDown();
        Set<Long> seen = new HashSet<>();
        int total = 0;
        for (Future<List<Claim>> f : results) {
            List<Claim> mine = f.get();
            total += mine.size();
            for (Claim c : mine) {
                assertThat(seen.add(c.id())).as("case " + c.id() + " claimed twice").isTrue();
            }
            // Urgent first: once a claimer got a normal case, no urgent one was left unclaimed.
            int firstNormal = mine.stream().map(Claim::priority).toList().indexOf("normal");
            if (firstNormal >= 0) {
                assertThat(mine.subList(firstNormal, mine.size())).extracting(Claim::priority).containsOnly("normal");
            }
        }
        pool.shutdown();
        assertThat(total).isEqualTo(CASES);
        assertThat(seen).hasSize(CASES);
        int assigned = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cases WHERE status = 'assigned'").mapTo(Integer.class).one());
        assertThat(assigned).isEqualTo(CASES);
        assertThat(URGENT).isEqualTo(CASES / 5);
    }

    /** Claims for different queues arriving together (so served in one batch) each get a case of their own queue. */
    @Test
    void claimersOfDifferentQueuesAtOnceEachGetTheirOwnQueuesCases() throws Exception {
        Jdbi jdbi = TestApp.jdbi(APP);
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO cases (reference, source, priority, queue, created_at, updated_at, due_at)
                SELECT 'HR-Q' || lpad(g::text, 3, '0') || '-ZZ', 'web', 'normal', CASE WHEN g % 2 = 0 THEN 'queue-a' ELSE 'queue-b' END,
                       now() - (g || ' seconds')::interval, now(), now() + interval '1 hour'
                  FROM generate_series(1, 60) g"""));
        Api admin = TestApp.api(APP);
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Claim>>> results = new ArrayList<>();
        for (int i = 0; i < CLAIMERS; i++) {
            String queue = i % 2 == 0 ? "queue-a" : "queue-b";
            Api attorney = admin.withNewToken("attorney");
            results.add(pool.submit(() -> {
                start.await();
                List<Claim> mine = new ArrayList<>();
                for (Api.Reply r = attorney.post("/api/v1/cases/claim?queue=" + queue, ""); r.status() != 204;
                     r = attorney.post("/api/v1/cases/claim?queue=" + queue, "")) {
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    assertThat(r.json().get("queue").asText()).isEqualTo(queue);
                    mine.add(new Claim(r.json().get("id").asLong(), r.json().get("priority").asText(), queue));
                }
                return mine;
            }));
        }
        start.countDown();
        Set<Long> seen = new HashSet<>();
        for (Future<List<Claim>> f : results) {
            for (Claim c : f.get()) {
                assertThat(seen.add(c.id())).as("case " + c.id() + " claimed twice").isTrue();
            }
        }
        pool.shutdown();
        assertThat(seen).hasSize(60);
    }

    /**
     * Issue 12: a batch holding claims for two queues was one auto-committed statement per queue, so when the second
     * failed the first queue's case stayed assigned while its claimer, like every caller of the batch, was told 503.
     * A trigger fails the second queue's statement; the batch must leave the first queue's case unclaimed.
     */
    @Test
    void aBatchWhoseSecondQueueFailsCommitsNothingForTheFirst() throws Exception {
        Jdbi jdbi = TestApp.jdbi(APP);
        jdbi.useHandle(h -> {
            h.execute("""
                    INSERT INTO cases (reference, source, priority, queue, created_at, updated_at, due_at)
                    VALUES ('HR-F001-ZZ', 'web', 'normal', 'queue-whole', now(), now(), now() + interval '1 hour'),
                           ('HR-F002-ZZ', 'web', 'normal', 'queue-broken', now(), now(), now() + interval '1 hour')""");
            h.execute("""
                    CREATE FUNCTION refuse_broken_queue() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'queue-broken refuses claims'; END $$""");
            h.execute("""
                    CREATE TRIGGER refuse_broken_queue BEFORE UPDATE ON cases FOR EACH ROW
                      WHEN (NEW.queue = 'queue-broken') EXECUTE FUNCTION refuse_broken_queue()""");
        });
        Api admin = TestApp.api(APP);
        Api first = admin.withNewToken("attorney");
        Api whole = admin.withNewToken("attorney");
        Api broken = admin.withNewToken("attorney");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        var waiting = APP.getEnvironment().metrics().getGauges().get("cases.claim-waiting");
        try (var lock = jdbi.open()) {
            // Holds the desk's writer on a first claim, so that the next two arrive together in one batch.
            lock.begin();
            lock.execute("LOCK TABLE cases IN EXCLUSIVE MODE");
            Future<Api.Reply> held = pool.submit(() -> first.post("/api/v1/cases/claim?queue=queue-none", ""));
            Await.until("the first claim waits for the lock", () -> jdbi.withHandle(h -> h.createQuery("""
                    SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'""").mapTo(Integer.class).one()) > 0);
            Future<Api.Reply> wholeReply = pool.submit(() -> whole.post("/api/v1/cases/claim?queue=queue-whole", ""));
            Await.until("the claim for queue-whole waits", () -> ((Number) waiting.getValue()).intValue() == 1);
            Future<Api.Reply> brokenReply = pool.submit(() -> broken.post("/api/v1/cases/claim?queue=queue-broken", ""));
            Await.until("both claims wait for the same batch", () -> ((Number) waiting.getValue()).intValue() == 2);
            lock.rollback();

            assertThat(held.get().status()).isEqualTo(204);
            assertThat(brokenReply.get().status()).isEqualTo(503);
            assertThat(wholeReply.get().status()).as("told the claim failed").isEqualTo(503);
            String status = jdbi.withHandle(h -> h.createQuery("SELECT status FROM cases WHERE reference = 'HR-F001-ZZ'")
                    .mapTo(String.class).one());
            assertThat(status).as("the case of a claimer told 503").isEqualTo("new");
        } finally {
            pool.shutdownNow();
            jdbi.useHandle(h -> h.execute("DROP TRIGGER refuse_broken_queue ON cases"));
        }
    }
}
