package org.actionalerts.platform.errors;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a failure to reach PostgreSQL (it is down, restarting, refusing connections, the network is cut, or every
 * pooled connection is taken and none came back in time) from every other failure. Such a request is answered 503
 * with {@code Retry-After}, not 500: nothing is wrong with the request, and the service recovers by itself when
 * the database is back (the pool checks each connection before lending it).
 */
public final class DatabaseUnavailable {
    /** Seconds a client (or Twilio) is asked to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;
    public static final String MESSAGE = "The database is unreachable just now; try again shortly";

    /**
     * SQLSTATEs meaning "could not talk to the server": class 08 (connection exception), 57P01–57P03 (terminated by
     * an administrator, crash shutdown, cannot connect now), 53300 (too many connections), and 55000 when the
     * database does not accept connections ({@code ALLOW_CONNECTIONS false}, as during a maintenance).
     */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseUnavailable() {}

    /** True when {@code e}, or anything it was caused by, says the database could not be reached. */
    public static boolean causedIt(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof org.jdbi.v3.core.ConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException
                    || t.getClass().getName().equals("org.apache.tomcat.jdbc.pool.PoolExhaustedException")) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || STATES.contains(state)
                        || ("55000".equals(state) && String.valueOf(sql.getMessage()).contains("not currently accepting connections"))) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public static ApiError error() {
        return ApiError.of(503, MESSAGE);
    }
}
