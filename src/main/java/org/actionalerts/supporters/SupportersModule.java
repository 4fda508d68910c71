package org.actionalerts.supporters;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.supporters.imports.CsvImport;
import org.jdbi.v3.core.Jdbi;

/** Builds the supporters feature: people, their consent history, CSV import, erasure. */
public final class SupportersModule {
    private SupportersModule() {}

    /** {@code openRequests} tells whether someone still waits for legal help (assistance/ answers it). */
    public static SupporterService register(ActionAlertsConfiguration config, Environment environment, Jdbi jdbi,
                                            Clock clock, ConsentService consent, OpenRequests openRequests) {
        SupporterService supporters = new SupporterService(jdbi, consent,
                new SupporterErasure(consent, new AuditLog(jdbi, clock)), openRequests);
        // A writer thread for each import running at once (each request's batches are written on one, in turn).
        CsvImport csvImport = new CsvImport(jdbi, config.limits().importBatchSize(),
                environment.lifecycle().executorService("csv-import-writer-%d").minThreads(0).maxThreads(Integer.MAX_VALUE)
                        .workQueue(new java.util.concurrent.SynchronousQueue<>()).build());
        environment.jersey().register(new SupporterResource(supporters, consent, csvImport));
        return supporters;
    }
}
