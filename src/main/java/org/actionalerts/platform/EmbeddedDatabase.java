package org.actionalerts.platform;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the service starts for itself when DATABASE_URL is unset.
 * Data lives in {dataDirectory}/postgres and survives restarts. If the previous process was killed
 * with SIGKILL its postmaster is still running and holds the data directory; we stop it first.
 */
public final class EmbeddedDatabase implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path dataDirectory;
    private EmbeddedPostgres postgres;

    public EmbeddedDatabase(Path dataDirectory) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
    }

    /** Starts the server if it is not running yet and returns its JDBC URL. */
    public synchronized String ensureStarted() throws IOException {
        if (postgres == null) {
            Path pgData = dataDirectory.resolve("postgres");
            Files.createDirectories(pgData);
            stopLeftoverServer(pgData);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    // The library is made for tests and starts PostgreSQL with fsync and synchronous_commit off;
                    // this is the service's real data, so every commit reaches the disk before it is confirmed.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            LOG.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), pgData);
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /**
     * A postmaster.pid naming a live postgres process means a previous run died without stopping its server.
     * SIGTERM asks it for a clean shutdown (its clients died with the old process); SIGKILL only if it hangs,
     * after which PostgreSQL's own crash recovery replays the WAL on the next start.
     */
    static void stopLeftoverServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> leftover = lines.isEmpty() ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of).filter(EmbeddedDatabase::isPostgres);
        if (leftover.isEmpty()) {
            return; // stale pid file: PostgreSQL handles that itself
        }
        ProcessHandle process = leftover.get();
        LOG.warn("Stopping a PostgreSQL server (pid {}) left behind by a previous run", process.pid());
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("postgres")).orElse(false);
    }
}
