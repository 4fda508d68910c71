package org.actionalerts.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Jdbi;

/**
 * Takes one test database away and gives it back, as an outage would, from a superuser connection to the shared
 * test server: no new connections to it are allowed and every open one (the app's pool) is terminated. Other
 * test classes' databases are not touched.
 */
public final class DatabaseOutage {
    private final String databaseName;

    private DatabaseOutage(String databaseName) {
        this.databaseName = databaseName;
    }

    public static DatabaseOutage of(String databaseName) {
        return new DatabaseOutage(databaseName);
    }

    /** The database {@code jdbi} is connected to. */
    public static DatabaseOutage of(Jdbi jdbi) {
        String name = jdbi.withHandle(h -> h.createQuery("SELECT current_database()").mapTo(String.class).one());
        return new DatabaseOutage(name);
    }

    public String databaseName() {
        return databaseName;
    }

    /** No new connections to the database, and every open one terminated. */
    public void down() throws SQLException {
        allowConnections(false);
        try (Connection c = TestDatabase.server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + databaseName + "'");
        }
    }

    /** Connections are allowed again (callers wait for the service to notice). */
    public void up() throws SQLException {
        allowConnections(true);
    }

    public void allowConnections(boolean allow) throws SQLException {
        try (Connection c = TestDatabase.server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + databaseName + " WITH ALLOW_CONNECTIONS " + allow);
        }
    }
}
