package org.actionalerts.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.actionalerts.support.Api;
import org.actionalerts.support.ChildApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service as an operator runs it: DATABASE_URL unset, so it starts its own PostgreSQL under DATA_DIR.
 * After {@code kill -9} the postgres server it started is still running and holding the data directory;
 * the next start must take over and keep every row.
 */
class EmbeddedDatabaseRestartTest {
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final List<ChildApp> started = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();

    @Test
    void restartsAfterKill9WithItsDataAndLeavesNoPostgresBehindAfterACleanStop() throws Exception {
        Path dataDir = newDataDir("restart");

        ChildApp first = start(dataDir, "first", "server", "config.yml");
        assertThat(first.awaitHealthy(STARTUP)).contains("database");
        Api.Reply created = first.api().post("/api/v1/supporters",
                "{\"firstName\":\"Survivor\",\"phone\":\"(301) 565-4807\",\"smsOptIn\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Optional<ProcessHandle> orphan = ChildApp.postmaster(dataDir);
        assertThat(orphan).as("postgres server of the first run").isPresent();

        first.process().destroyForcibly(); // SIGKILL: no shutdown hooks, the postgres server is orphaned
        first.awaitExit(Duration.ofSeconds(30));
        assertThat(orphan.get().isAlive()).as("kill -9 leaves the embedded server running").isTrue();

        ChildApp second = start(dataDir, "second", "server", "config.yml");
        second.awaitHealthy(STARTUP);
        assertThat(orphan.get().isAlive()).as("the leftover server was stopped").isFalse();
        Api.Reply read = second.api().get("/api/v1/supporters/" + id);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("firstName").asText()).isEqualTo("Survivor");
        assertThat(read.json().get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(second.api().post("/api/v1/supporters", "{\"phone\":\"301-565-4808\"}").status()).isEqualTo(201);
        ProcessHandle secondServer = ChildApp.postmaster(dataDir).orElseThrow();

        second.process().destroy(); // SIGTERM: a clean stop
        second.awaitExit(Duration.ofSeconds(60));
        secondServer.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ChildApp.postmaster(dataDir)).as("postmaster.pid of a running server").isEmpty();
        assertThat(ChildApp.processesUsing(dataDir)).isEmpty();

        String logs = first.output() + second.output();
        assertThat(logs).contains("Embedded PostgreSQL started").contains("left behind by a previous run");
        assertThat(logs).doesNotContain("3015654807").doesNotContain("565-4807").doesNotContain("5654808");
    }

    @Test
    void dbMigrateWorksOnAFreshDataDirectoryAndLeavesNoServerRunning() throws Exception {
        Path dataDir = newDataDir("migrate");
        ChildApp migrate = start(dataDir, "migrate", "db", "migrate", "config.yml");
        assertThat(migrate.awaitExit(STARTUP)).as(migrate.output()).isZero();
        assertThat(migrate.output()).contains("Running Changeset").contains("Update has been successful");
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();
        awaitNoProcessesUsing(dataDir);

        // The schema was kept: a second run finds nothing left to apply.
        ChildApp again = start(dataDir, "migrate-again", "db", "migrate", "config.yml");
        assertThat(again.awaitExit(STARTUP)).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain("Running Changeset");
        awaitNoProcessesUsing(dataDir);
    }

    private ChildApp start(Path dataDir, String name, String... args) {
        ChildApp child = ChildApp.start(dataDir, name, args);
        started.add(child);
        return child;
    }

    private Path newDataDir(String name) throws IOException {
        Path dir = Files.createTempDirectory("action-alerts-" + name + "-").resolve("data");
        dataDirs.add(dir);
        return dir;
    }

    /** The server may need a moment after its parent exits; waiting is not asserting a time. */
    private static void awaitNoProcessesUsing(Path dataDir) throws InterruptedException {
        for (int i = 0; i < 120 && !ChildApp.processesUsing(dataDir).isEmpty(); i++) {
            Thread.sleep(250);
        }
        assertThat(ChildApp.processesUsing(dataDir)).as("processes still using " + dataDir).isEmpty();
    }

    /** Whatever happened, stop what this test started: its child JVMs and the postgres servers they left. */
    @AfterEach
    void stopEverythingStarted() {
        for (ChildApp child : started) {
            child.process().destroyForcibly();
        }
        for (Path dataDir : dataDirs) {
            ChildApp.postmaster(dataDir).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().completeOnTimeout(p, 30, java.util.concurrent.TimeUnit.SECONDS).join();
            });
            deleteQuietly(dataDir.getParent()); // an embedded database is ~40 MB
        }
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temporary directory
        }
    }
}
