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
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", TestDatabase.newDatabase()),
                ConfigOverride.config("database.user", "postgres"),
                ConfigOverride.config("database.password", ""),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("adminToken", ADMIN_TOKEN),
                ConfigOverride.config("logging.level", "WARN")));
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(ActionAlertsApplication.class, "config.yml",
                overrides.toArray(ConfigOverride[]::new));
    }

    public static Api api(DropwizardAppExtension<ActionAlertsConfiguration> app) {
        return new Api("http://localhost:" + app.getLocalPort(), ADMIN_TOKEN);
    }
}
