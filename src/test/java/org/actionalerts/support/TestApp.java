package org.actionalerts.support;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;

/** The whole service on random ports against a fresh test database, built from the real config.yml. */
public final class TestApp {
    /** At least 32 characters: the service refuses a shorter ADMIN_TOKEN. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789";

    private TestApp() {}

    public static DropwizardAppExtension<ActionAlertsConfiguration> create(ConfigOverride... extra) {
        return create(ActionAlertsApplication.class, extra);
    }

    /** Settings every test app shares; a test's own settings for the same keys win. */
    private static Map<String, String> defaults() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("database.url", TestDatabase.newDatabase());
        settings.put("database.user", "postgres");
        settings.put("database.password", "");
        settings.put("server.applicationConnectors[0].port", "0");
        settings.put("server.adminConnectors[0].port", "0");
        settings.put("adminToken", ADMIN_TOKEN);
        settings.put("logging.level", "WARN");
        settings.put("sms.quietHours", "off");
        settings.put("sms.ratePerSecond", "1000");
        settings.put("email.ratePerSecond", "1000");
        settings.put("dispatcher.pollInterval", "50ms");
        // Tests assert the exact texts Twilio got; those about the compliance footer turn it on.
        settings.put("campaigns.complianceFooter.enabled", "false");
        return settings;
    }

    /** {@code settings} are key, value pairs, e.g. "sms.quietHours", "21:00-09:00". */
    public static DropwizardAppExtension<ActionAlertsConfiguration> create(
            Class<? extends ActionAlertsApplication> application, String... settings) {
        Map<String, String> merged = defaults();
        for (int i = 0; i + 1 < settings.length; i += 2) {
            merged.put(settings[i], settings[i + 1]);
        }
        return new DropwizardAppExtension<>(application, "config.yml", merged.entrySet().stream()
                .map(e -> ConfigOverride.config(e.getKey(), e.getValue())).toArray(ConfigOverride[]::new));
    }

    /** Overrides given as ConfigOverride must not repeat a key of {@link #defaults()}'s; prefer the String form. */
    public static DropwizardAppExtension<ActionAlertsConfiguration> create(
            Class<? extends ActionAlertsApplication> application, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(defaults().entrySet().stream()
                .map(e -> ConfigOverride.config(e.getKey(), e.getValue())).toList());
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(application, "config.yml", overrides.toArray(ConfigOverride[]::new));
    }

    /**
     * A Jdbi on the app's own database, for tests that drive a component directly or look at rows; it maps consent
     * statuses as the app's does (ConsentModule), not by Jdbi's default enum mapping.
     */
    public static org.jdbi.v3.core.Jdbi jdbi(DropwizardAppExtension<ActionAlertsConfiguration> app) {
        var db = app.getConfiguration().database();
        org.jdbi.v3.core.Jdbi jdbi = org.jdbi.v3.core.Jdbi.create(db.getUrl(), db.getUser(), db.getPassword());
        jdbi.installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin());
        jdbi.installPlugin(new org.jdbi.v3.postgres.PostgresPlugin());
        org.actionalerts.consent.ConsentModule.register(jdbi);
        return jdbi;
    }

    public static Api api(DropwizardAppExtension<ActionAlertsConfiguration> app) {
        return new Api("http://localhost:" + app.getLocalPort(), ADMIN_TOKEN);
    }
}
