package org.actionalerts.assistance;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.platform.Database;
import org.actionalerts.platform.EmbeddedDatabase;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code retention config.yml} tells what retention would erase; {@code --no-dry-run} (or {@code --dry-run=false})
 * erases it. Dry run by default, so a mistyped command never destroys anything.
 */
public class RetentionCommand extends ConfiguredCommand<ActionAlertsConfiguration> {
    private final List<Class<?>> sqlObjects;

    /** {@code sqlObjects}: the DAOs the service's Jdbi primes, so this one is built as the server's is. */
    public RetentionCommand(List<Class<?>> sqlObjects) {
        super("retention", "Erase thread bodies and notes of cases resolved longer ago than assistance.retentionDays, "
                + "and forget the people who only asked for help in them");
        this.sqlObjects = List.copyOf(sqlObjects);
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
        // An environment as Dropwizard's own commands make one, so the Jdbi is the server's: same factory, plugins,
        // statement settings and error rendering (no bound values in messages).
        Environment environment = new Environment(getName(), bootstrap.getObjectMapper(), bootstrap.getValidatorFactory(),
                bootstrap.getMetricRegistry(), bootstrap.getClassLoader(), bootstrap.getHealthCheckRegistry(), config);
        try {
            Jdbi jdbi = Database.jdbi(Database.dataSourceFactory(config, embedded), environment, sqlObjects);
            for (LifeCycle managed : environment.lifecycle().getManagedObjects()) {
                managed.start(); // as the server starts them: the data source's pool first
            }
            Clock clock = Clock.systemUTC();
            AuditLog audit = new AuditLog(jdbi, clock);
            // The same parts as the server's daily job: its consent rules (and their column mapper) and erasure.
            Retention.Result r = new Retention(jdbi, clock, config.assistance().retentionDays(), audit,
                    new org.actionalerts.supporters.SupporterErasure(org.actionalerts.consent.ConsentModule.register(jdbi), audit))
                    .run(dryRun);
            System.out.printf("%s %d cases resolved more than %d days ago: %d messages, %d notes, "
                    + "%s %d people who only asked for help%n",
                    dryRun ? "Dry run: would erase" : "Erased", r.cases(), config.assistance().retentionDays(),
                    r.messages(), r.notes(), dryRun ? "and would forget" : "and forgot", r.forgottenPeople());
        } finally {
            List<LifeCycle> managed = new ArrayList<>(environment.lifecycle().getManagedObjects());
            Collections.reverse(managed); // stopped in reverse order, as the server stops them; a never-started one is a no-op
            for (LifeCycle m : managed) {
                m.stop();
            }
            embedded.stop();
        }
    }
}
