package org.actionalerts.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real application in a child JVM, configured only through environment variables as an operator would
 * (config.yml from the project root, DATABASE_URL unset so the embedded PostgreSQL is used).
 *
 * The classpath is the test JVM's {@code java.class.path}: surefire (3.x) sets it to the full test classpath
 * even when it boots through a manifest-only jar, and if it were that jar the launcher would follow its
 * manifest Class-Path. It is passed as the CLASSPATH variable to stay clear of command-line length limits.
 */
public final class ChildApp {
    /** At least 32 characters: the service refuses a shorter ADMIN_TOKEN. */
    public static final String ADMIN_TOKEN = "child-admin-token-0123456789abcdef0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    public final int httpPort;
    public final int adminPort;

    private ChildApp(Process process, Path log, int httpPort, int adminPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
    }

    /** {@code java org.actionalerts.ActionAlertsApplication <args>} with DATA_DIR, free ports and ADMIN_TOKEN. */
    public static ChildApp start(Path dataDir, String logName, String... args) {
        int http = freePort();
        int admin = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "org.actionalerts.ActionAlertsApplication"));
        command.addAll(List.of(args));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + logName + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("DATABASE_URL");
        env.put("CLASSPATH", System.getProperty("java.class.path"));
        env.put("DATA_DIR", dataDir.toString());
        env.put("HTTP_PORT", String.valueOf(http));
        env.put("ADMIN_PORT", String.valueOf(admin));
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        try {
            return new ChildApp(builder.start(), log, http, admin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Api api() {
        return new Api("http://localhost:" + httpPort, ADMIN_TOKEN);
    }

    public Process process() {
        return process;
    }

    /** Polls the admin health check until it answers 200 (all checks healthy); fails with the child's log. */
    public String awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the application exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + adminPort + "/healthcheck")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = reply.statusCode() + " " + reply.body();
                if (reply.statusCode() == 200) {
                    return reply.body();
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new AssertionError("not healthy in " + timeout + " (last: " + last + "):\n" + output());
    }

    /** Waits for the process to end and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("did not exit within " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The postgres server process named by the data directory's postmaster.pid, if it is running. */
    public static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every running process whose command line names this data directory (a postgres server and its children). */
    public static List<ProcessHandle> processesUsing(Path dataDir) {
        String dir = dataDir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false))
                .toList();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
