package org.actionalerts.supporters;

import io.dropwizard.core.setup.Environment;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.supporters.imports.CsvImport;
import org.jdbi.v3.core.Jdbi;

/** Builds the supporters feature: people, their consent history, CSV import. */
public final class SupportersModule {
    private SupportersModule() {}

    public static SupporterService register(ActionAlertsConfiguration config, Environment environment, Jdbi jdbi,
                                            ConsentService consent) {
        SupporterService supporters = new SupporterService(jdbi, consent);
        CsvImport csvImport = new CsvImport(jdbi, config.limits().importBatchSize());
        environment.jersey().register(new SupporterResource(supporters, consent, csvImport));
        return supporters;
    }
}
