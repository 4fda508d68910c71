package org.actionalerts.platform;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import liquibase.Contexts;
import org.actionalerts.ActionAlertsConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Which PostgreSQL we talk to (DATABASE_URL, or the embedded one), its migrations, and the Jdbi instance. */
public final class Database {
    public static final String CHANGELOG = "migrations.xml";
    /** The database URL meaning "start our own PostgreSQL" (DATABASE_URL unset). */
    public static final String EMBEDDED = "embedded";

    private Database() {}

    /**
     * Fills in the JDBC URL of the embedded server when DATABASE_URL is unset. Shared by the server and the
     * {@code db} commands, so {@code db migrate} works on the embedded defaults too.
     */
    public static DataSourceFactory dataSourceFactory(ActionAlertsConfiguration config, EmbeddedDatabase embedded) {
        DataSourceFactory factory = config.database();
        if (factory.getUrl() == null || factory.getUrl().isBlank() || EMBEDDED.equals(factory.getUrl())) {
            try {
                factory.setUrl(embedded.ensureStarted());
                factory.setUser("postgres");
                factory.setPassword("");
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
        return factory;
    }

    public static EmbeddedDatabase embeddedFor(ActionAlertsConfiguration config) {
        return new EmbeddedDatabase(Path.of(config.embeddedDatabase().dataDirectory()));
    }

    /** Applies pending Liquibase migrations; Liquibase's lock table keeps concurrent instances from racing. */
    public static void migrate(DataSourceFactory factory, Environment environment) throws Exception {
        ManagedDataSource dataSource = factory.build(environment.metrics(), "migrations");
        try (var liquibase = new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, CHANGELOG)) {
            liquibase.update(new Contexts());
        }
    }

    /** Also registers the "database" health check (the pool's validation query) on the admin port. */
    public static Jdbi jdbi(DataSourceFactory factory, Environment environment) {
        Jdbi jdbi = new JdbiFactory().build(environment, factory, "database");
        // Our SQL uses no <attribute> templates; without a template engine Jdbi caches each statement's parse
        // instead of re-parsing it on every call (measured: a large share of the webhook's CPU).
        jdbi.setTemplateEngine(org.jdbi.v3.core.statement.TemplateEngine.NOP);
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.installPlugin(new PostgresPlugin());
        return jdbi;
    }
}
