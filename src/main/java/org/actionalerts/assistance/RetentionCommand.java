package org.actionalerts.assistance;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.time.Clock;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.platform.Database;
import org.actionalerts.platform.EmbeddedDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code retention config.yml} tells what retention would erase; {@code --no-dry-run} (or {@code --dry-run=false})
 * erases it. Dry run by default, so a mistyped command never destroys anything.
 */
public class RetentionCommand extends ConfiguredCommand<ActionAlertsConfiguration> {
    public RetentionCommand() {
        super("retention", "Erase thread bodies and notes of cases resolved longer ago than assistance.retentionDays, "
                + "and forget the people who only asked for help in them");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--dry-run").dest("dryRun").type(Boolean.class).nargs("?").setConst(true).setDefault(true)
                .help("only count what would be erased (default true)");
        subparser.addArgument("--no-dry-run").dest("dryRun").action(Arguments.storeFalse()).help("erase");
    }

    @Override
    protected void run(Bootstrap<ActionAlertsConfiguration> bootstrap, Namespace namespace,
                       ActionAlertsConfiguration config) throws Exception {
        boolean dryRun = namespace.getBoolean("dryRun");
        EmbeddedDatabase embedded = Database.embeddedFor(config);
        try {
            ManagedDataSource dataSource = Database.dataSourceFactory(config, embedded).build(new MetricRegistry(), "retention");
            Jdbi jdbi = Jdbi.create(dataSource);
            jdbi.installPlugin(new SqlObjectPlugin());
            jdbi.installPlugin(new PostgresPlugin());
            Clock clock = Clock.systemUTC();
            Retention.Result r = new Retention(jdbi, clock, config.assistance().retentionDays(), new AuditLog(jdbi, clock))
                    .run(dryRun);
            System.out.printf("%s %d cases resolved more than %d days ago: %d messages, %d notes, "
                    + "%s %d people who only asked for help%n",
                    dryRun ? "Dry run: would erase" : "Erased", r.cases(), config.assistance().retentionDays(),
                    r.messages(), r.notes(), dryRun ? "and would forget" : "and forgot", r.forgottenPeople());
            dataSource.stop();
        } finally {
            embedded.stop();
        }
    }
}
