package org.actionalerts.assistance;

import java.time.Clock;
import org.actionalerts.ActionAlertsConfiguration;
import org.jdbi.v3.core.Jdbi;

/** The SMS seam on its own, built as the service builds it, for a test that drives it inside its own transactions. */
final class Intakes {
    private Intakes() {}

    static CaseIntake of(ActionAlertsConfiguration config, Jdbi jdbi, Clock clock) {
        return AssistanceModule.opening(config, jdbi, clock).intake(config.assistance(), clock);
    }
}
