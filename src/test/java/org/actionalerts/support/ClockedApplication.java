package org.actionalerts.support;

import java.time.Clock;
import java.time.Instant;
import org.actionalerts.ActionAlertsApplication;

/** The real application with a clock the test controls ({@link #CLOCK}); one test class at a time uses it. */
public class ClockedApplication extends ActionAlertsApplication {
    public static final MutableClock CLOCK = new MutableClock(Instant.now());

    @Override
    protected Clock clock() {
        return CLOCK;
    }
}
