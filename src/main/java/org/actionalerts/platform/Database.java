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
import java.util.List;
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

    /**
     * Also registers the "database" health check (the pool's validation query) on the admin port.
     *
     * <p>Every handle starts from a copy of the Jdbi-wide configuration, and what Jdbi learns about a SqlObject
     * interface while attaching it to a handle (its methods, annotations, generic types) is kept only in that
     * handle's copy. Without priming, {@code h.attach(SomeDao.class)} rebuilt all of it by reflection on every
     * call: measured at 40% of the inbound webhook's CPU. So each DAO is attached once here, at the Jdbi level
     * (no connection is opened), and every later handle copies the finished metadata.
     */
    /**
     * Jdbi's exception message renders the statement's bound values by default, which would put a phone number or
     * a message body into every log line about a failed statement; here it carries only the driver's message.
     */
    public static Jdbi withoutValuesInErrors(Jdbi jdbi) {
        jdbi.getConfig(org.jdbi.v3.core.statement.StatementExceptions.class)
                .setMessageRendering(org.jdbi.v3.core.statement.StatementExceptions.MessageRendering.NONE);
        return jdbi;
    }

    public static Jdbi jdbi(DataSourceFactory factory, Environment environment, List<Class<?>> sqlObjects) {
        Jdbi jdbi = new JdbiFactory().build(environment, factory, "database");
        // Our SQL uses no <attribute> templates; without a template engine Jdbi caches each statement's parse
        // instead of re-parsing it on every call (measured: a large share of the webhook's CPU).
        jdbi.setTemplateEngine(org.jdbi.v3.core.statement.TemplateEngine.NOP);
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.installPlugin(new PostgresPlugin());
        withoutValuesInErrors(jdbi);
        for (Class<?> sqlObject : sqlObjects) {
            jdbi.withExtension(sqlObject, dao -> null);
        }
        return jdbi;
    }
}
