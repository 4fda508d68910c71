package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.campaigns.CampaignRenderer;
import org.actionalerts.campaigns.ClaimTimeTexts;
import org.actionalerts.campaigns.CampaignScheduler;
import org.actionalerts.consent.Channel;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What several instances share only through PostgreSQL: claims, the scheduler, the rate limit. The app's own
 * dispatcher and scheduler are off here; the test runs two of each side by side on the same database.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClaimConcurrencyTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(
            org.actionalerts.ActionAlertsApplication.class, "dispatcher.enabled", "false");
    static Api staff;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
        StringBuilder csv = new StringBuilder("phone,tags,sms_opt_in\n");
        for (int i = 0; i < 400; i++) {
            csv.append(String.format("+1301555%04d,crowd,yes%n", 3000 + i));
        }
        Api.Reply imported = staff.send("/api/v1/supporters/import", "POST", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(imported.json().get("created").asInt()).isEqualTo(400);
    }

    long campaign(String sendAt) {
        return staff.post("/api/v1/campaigns", "{\"name\":\"crowd\",\"channels\":[\"sms\"],\"audience\":{\"tags\":[\"crowd\"]},"
                + "\"sms\":{\"body\":{\"en\":\"Hello\"}}" + (sendAt == null ? "" : ",\"sendAt\":\"" + sendAt + "\"") + "}")
                .json().get("id").asLong();
    }

    @Test
    void twoDispatchersNeverClaimTheSameMessage() throws Exception {
        long id = campaign(null);
        staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]);
        long queued = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE status = 'queued'")
                .mapTo(Long.class).one()); // this campaign's 400, plus any other test's
        assertThat(queued).isGreaterThanOrEqualTo(400);
        ClaimTimeTexts texts = new ClaimTimeTexts(new CampaignRenderer());
        OutboxClaims first = new OutboxClaims(jdbi, Clock.systemUTC(), texts, texts, QuietHours.parse("off"), "http://x");
        OutboxClaims second = new OutboxClaims(jdbi, Clock.systemUTC(), texts, texts, QuietHours.parse("off"), "http://x");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (OutboxClaims claims : List.of(first, second, first, second)) {
            results.add(pool.submit(drain(claims)));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : results) {
            all.addAll(f.get());
        }
        pool.shutdown();
        assertThat(all).hasSize((int) queued);
        assertThat(new HashSet<>(all)).hasSize((int) queued);
        long stillQueued = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE status = 'queued'")
                .mapTo(Long.class).one());
        assertThat(stillQueued).isZero();
    }

    private static Callable<List<Long>> drain(OutboxClaims claims) {
        return () -> {
            List<Long> ids = new ArrayList<>();
            List<Delivery> batch;
            do {
                batch = claims.claim(Channel.SMS, 7, Duration.ofMinutes(5));
                batch.forEach(d -> ids.add(d.id()));
            } while (!batch.isEmpty());
            return ids;
        };
    }

    @Test
    void aScheduledCampaignFiresExactlyOnceWithTwoSchedulers() throws Exception {
        long id = campaign(Instant.now().plusSeconds(2).toString());
        assertThat(staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]).json().get("status").asText())
                .isEqualTo("scheduled");
        Await.until("sendAt has passed", () -> isDue(id));
        CampaignScheduler a = new CampaignScheduler(jdbi, Clock.systemUTC());
        CampaignScheduler b = new CampaignScheduler(jdbi, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Integer> fa = pool.submit(a::tick);
        Future<Integer> fb = pool.submit(b::tick);
        int launched = fa.get() + fb.get() + a.tick() + b.tick();
        pool.shutdown();
        assertThat(launched).isEqualTo(1);
        assertThat(staff.get("/api/v1/campaigns/" + id).json().get("stats").get("recipients").asLong()).isEqualTo(400);
        assertThat(staff.send("/api/v1/campaigns/" + id + "/launch", "POST", null, new byte[0]).json().get("stats")
                .get("recipients").asLong()).isEqualTo(400);
    }

    private static boolean isDue(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT send_at <= now() FROM campaigns WHERE id = :id")
                .bind("id", id).mapTo(Boolean.class).one());
    }

    @Test
    void rateLimitSlotsAreSharedAcrossInstances() {
        RateLimiter one = new RateLimiter(jdbi);
        RateLimiter two = new RateLimiter(jdbi);
        // Each limiter pins the database's clock by its quickest round trip so far: a few draws first, so that one
        // slow round trip on a busy host does not decide the mapping (its error is at most half the round trip).
        for (int i = 0; i < 5; i++) {
            one.acquire("email", 1, 1000);
            two.acquire("email", 1, 1000);
        }
        // Two instances draw 5 permits each at 10/s: together they must span ten slots, a second's worth.
        RateLimiter.Slots first = one.acquire("email", 5, 10);
        RateLimiter.Slots second = two.acquire("email", 5, 10);
        assertThat(first.spacing()).isEqualTo(Duration.ofNanos((long) (RateLimiter.SAFETY / 10 * 1e9)));
        // The second batch starts where the first ended (5 slots later): both moments are on the database's clock,
        // mapped onto this JVM's by each limiter, so they agree to within a round trip.
        Duration gap = Duration.ofNanos(second.dueNanos(0) - first.dueNanos(0));
        assertThat(gap).isBetween(first.spacing().multipliedBy(5).minusMillis(20), first.spacing().multipliedBy(5).plusMillis(20));
    }

    /**
     * Issue 13: a holder that learns its slots late (the answer took 300 ms to come back, or the JVM paused) must
     * not send them shifted by that delay, bunched into the next holder's slots: the slot keeps its moment on the
     * database's clock. Before, the delay was counted from the answer's arrival, so this slot came 300 ms late.
     */
    @Test
    void aSlotLearntLateKeepsItsMomentOnTheDatabaseClock() {
        java.util.concurrent.atomic.AtomicLong pause = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        long slowAnswer = Duration.ofMillis(300).toNanos();
        // Reads 1-2 are the first acquire's send and answer; read 4 is the second acquire's answer, 300 ms "late".
        RateLimiter limiter = new RateLimiter(jdbi, () -> {
            if (reads.incrementAndGet() == 4) {
                pause.set(slowAnswer);
            }
            return System.nanoTime() + pause.get();
        });
        RateLimiter.Slots batch = limiter.acquire("email", 5, 10);
        RateLimiter.Slots late = limiter.acquire("email", 1, 10);
        // The late slot is the one right after the batch, on the same clock, not 300 ms after it.
        Duration shift = Duration.ofNanos(late.dueNanos(0) - batch.dueNanos(5));
        assertThat(shift).isBetween(Duration.ofMillis(-20), Duration.ofMillis(20));
        // Seen from the holder, 300 ms of the wait for it have already passed.
        assertThat(late.firstDelay()).isLessThan(batch.spacing().multipliedBy(5).minusMillis(250));
    }
}
