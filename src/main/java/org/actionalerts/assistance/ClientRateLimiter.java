package org.actionalerts.assistance;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Fixed-window request counts per client, kept in PostgreSQL so the limit holds for all instances together. A
 * client is what {@link TrustedProxies#clientKey} makes of its address (an IPv4 address, an IPv6 /64). Keys are
 * stored as SHA-256 digests: the table says how often, not who.
 */
class ClientRateLimiter {
    private final Jdbi jdbi;
    private final Clock clock;
    private final String bucket;
    private final int limit;
    private final Duration window;

    public ClientRateLimiter(Jdbi jdbi, Clock clock, String bucket, int limit, Duration window) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.bucket = bucket;
        this.limit = limit;
        this.window = window;
    }

    /** Counts this request; throws 429 with Retry-After once the client is over its limit for the window. */
    public void check(String clientAddress) {
        Instant now = clock.instant();
        long size = window.toMillis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), size) * size);
        int hits = jdbi.inTransaction(h -> h.createQuery("""
                INSERT INTO request_windows (bucket, client, window_start, hits) VALUES (:bucket, :client, :start, 1)
                ON CONFLICT (bucket, client, window_start) DO UPDATE SET hits = request_windows.hits + 1
                RETURNING hits""")
                .bind("bucket", bucket).bind("client", digest(clientAddress)).bind("start", start)
                .mapTo(Integer.class).one());
        if (hits > limit) {
            long seconds = Math.max(1, (start.toEpochMilli() + size - now.toEpochMilli() + 999) / 1000);
            throw new WebApplicationException(Response.status(429).header(HttpHeaders.RETRY_AFTER, seconds).build());
        }
    }

    /** Old windows are of no use; the daily retention job calls this. */
    public int forgetBefore(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM request_windows WHERE window_start < :before")
                .bind("before", before).execute());
    }

    private static byte[] digest(String address) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(String.valueOf(address).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
