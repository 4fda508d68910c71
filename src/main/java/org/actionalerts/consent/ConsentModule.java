package org.actionalerts.consent;

import org.jdbi.v3.core.Jdbi;

/** Builds the consent feature: the one {@link ConsentStatus} column mapper, and the service. */
public final class ConsentModule {
    private ConsentModule() {}

    public static ConsentService register(Jdbi jdbi) {
        jdbi.registerColumnMapper(ConsentStatus.class, new ConsentStatusMapper());
        return new ConsentService(jdbi);
    }
}
