package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.actionalerts.platform.errors.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests that arrive while a batch is being written go together in the next one, each getting its own answer. */
class GroupCommitTest {
    final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);
    final ExecutorService callers = Executors.newFixedThreadPool(8);
    final MetricRegistry metrics = new MetricRegistry();

    /** Doubles each number; holds the first batch until told, and fails any batch holding a negative number. */
    final GroupCommit<Integer, Integer> doubling = new GroupCommit<>("test", 100, 5, "could not write", batch -> {
        batches.add(List.copyOf(batch));
        if (batches.size() == 1) {
            await(firstBatchMayFinish);
        }
        if (batch.stream().anyMatch(n -> n < 0)) {
            throw new IllegalStateException("refused");
        }
        return batch.stream().map(n -> n * 2).toList();
    }, metrics, Executors.newSingleThreadExecutor());

    @AfterEach
    void stop() throws InterruptedException {
        firstBatchMayFinish.countDown();
        doubling.stop();
        callers.shutdownNow();
    }

    @Test
    void callersWaitingTogetherShareOneBatchAndEachGetsTheirOwnAnswer() throws Exception {
        doubling.start();
        Future<Integer> first = callers.submit(() -> doubling.submit(1));
        awaitBatches(1); // the writer is now busy with [1]
        List<Future<Integer>> waiting = new ArrayList<>();
        for (int n = 2; n <= 6; n++) {
            int mine = n;
            waiting.add(callers.submit(() -> doubling.submit(mine)));
        }
        awaitWaiting(5); // all five queued behind the busy writer
        firstBatchMayFinish.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get(5, TimeUnit.SECONDS)).isEqualTo((i + 2) * 2);
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).containsExactlyInAnyOrder(2, 3, 4, 5, 6);
        assertThat(metrics.timer("test-batch").getCount()).isEqualTo(2);
    }

    @Test
    void aFailedBatchAnswersEachOfItsCallers503AndTheNextBatchIsWritten() throws Exception {
        firstBatchMayFinish.countDown();
        doubling.start();
        assertThatThrownBy(() -> doubling.submit(-1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessage("could not write");
        assertThat(doubling.submit(21)).isEqualTo(42);
    }

    @Test
    void anAsynchronousCallerIsLetGoAndAnsweredWhenItsBatchCommits() throws Exception {
        doubling.start();
        CompletableFuture<Integer> first = doubling.submitAsync(4);
        awaitBatches(1); // the writer holds [4]
        CompletableFuture<Integer> refused = doubling.submitAsync(-1);
        assertThat(first).isNotDone();
        assertThat(refused).isNotDone();

        firstBatchMayFinish.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(8);
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ApiException.class)
                .cause().hasMessage("could not write");
    }

    @Test
    void aCallerWhoseBatchOutlastsTheTimeoutIsAnswered503() throws Exception {
        GroupCommit<Integer, Integer> slow = new GroupCommit<>("slow", 100, 1, "too slow", batch -> {
            await(firstBatchMayFinish);
            return batch;
        }, metrics, Executors.newSingleThreadExecutor());
        slow.start();
        try {
            assertThatThrownBy(() -> slow.submit(1))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                    .hasMessage("too slow");
            assertThatThrownBy(() -> slow.submitAsync(2).get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        } finally {
            firstBatchMayFinish.countDown();
            slow.stop();
        }
    }

    @Test
    void afterStopCallersAreTurnedAwayAtOnce() throws Exception {
        firstBatchMayFinish.countDown();
        doubling.start();
        assertThat(doubling.submit(1)).isEqualTo(2);
        doubling.stop();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> doubling.submit(2))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);
    }

    private void awaitWaiting(int n) throws InterruptedException {
        for (int i = 0; i < 500 && waitingGauge() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(waitingGauge()).isEqualTo(n);
    }

    private int waitingGauge() {
        return (Integer) metrics.getGauges().get("test-waiting").getValue();
    }

    private void awaitBatches(int n) throws InterruptedException {
        for (int i = 0; i < 500 && batches.size() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(batches).hasSize(n);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
