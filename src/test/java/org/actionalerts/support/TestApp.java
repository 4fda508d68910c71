package org.actionalerts.support;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;

/** The whole service on random ports against a fresh test database, built from the real config.yml. */
public final class TestApp {
    public static final String ADMIN_TOKEN = "test-admin-token";

    private TestApp() {}

    public static DropwizardAppExtension<ActionAlertsConfiguration> create(ConfigOverride... extra) {
        return create(ActionAlertsApplication.class, extra);
    }

    public static DropwizardAppExtension<ActionAlertsConfiguration> create(
            Class<? extends ActionAlertsApplication> application, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", TestDatabase.newDatabase()),
                ConfigOverride.config("database.user", "postgres"),
                ConfigOverride.config("database.password", ""),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("adminToken", ADMIN_TOKEN),
                ConfigOverride.config("logging.level", "WARN"),
                ConfigOverride.config("sms.quietHours", "off"),
                ConfigOverride.config("sms.ratePerSecond", "1000"),
                ConfigOverride.config("email.ratePerSecond", "1000"),
                ConfigOverride.config("dispatcher.pollInterval", "50ms")));
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(application, "config.yml",
                overrides.toArray(ConfigOverride[]::new));
    }

    /** A Jdbi on the app's own database, for tests that drive a component directly or look at rows. */
    public static org.jdbi.v3.core.Jdbi jdbi(DropwizardAppExtension<ActionAlertsConfiguration> app) {
        var db = app.getConfiguration().database();
        org.jdbi.v3.core.Jdbi jdbi = org.jdbi.v3.core.Jdbi.create(db.getUrl(), db.getUser(), db.getPassword());
        jdbi.installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin());
        jdbi.installPlugin(new org.jdbi.v3.postgres.PostgresPlugin());
        return jdbi;
    }

    public static Api api(DropwizardAppExtension<ActionAlertsConfiguration> app) {
        return new Api("http://localhost:" + app.getLocalPort(), ADMIN_TOKEN);
    }
}
