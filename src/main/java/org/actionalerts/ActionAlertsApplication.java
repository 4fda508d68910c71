package org.actionalerts;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.chained.ChainedAuthFilter;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.function.Function;
import org.actionalerts.accounts.SessionAuthFilter;
import org.actionalerts.accounts.SessionCookie;
import org.actionalerts.accounts.SessionFilter;
import org.actionalerts.accounts.SessionResource;
import org.actionalerts.accounts.SessionService;
import org.actionalerts.accounts.SignIn;
import org.actionalerts.assistance.TrustedProxies;
import org.actionalerts.platform.PeriodicTask;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.actionalerts.actions.ActionsModule;
import org.actionalerts.campaigns.CampaignRenderer;
import org.actionalerts.delivery.SmsCountries;
import org.actionalerts.campaigns.CampaignsModule;
import org.actionalerts.campaigns.ClaimTimeTexts;
import org.actionalerts.delivery.DeliveryModule;
import org.actionalerts.delivery.DeliveryReceipts;
import org.actionalerts.delivery.email.EmailGateways;
import org.actionalerts.delivery.sms.SmsGateways;
import org.actionalerts.inbound.InboundModule;
import org.actionalerts.accounts.BearerAuthFilter;
import org.actionalerts.accounts.Caller;
import org.actionalerts.accounts.JsonUnauthorizedHandler;
import org.actionalerts.accounts.TokenAuthenticator;
import org.actionalerts.accounts.TokenInUrlRefusal;
import org.actionalerts.accounts.TokenResource;
import org.actionalerts.accounts.TokenService;
import org.actionalerts.accounts.UserResource;
import org.actionalerts.accounts.UserService;
import org.actionalerts.assistance.AssistanceModule;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.audit.AuditResource;
import org.actionalerts.assistance.CaseIntake;
import org.actionalerts.assistance.ClaimServlet;
import org.actionalerts.assistance.HelpRequestResource;
import org.actionalerts.assistance.OpenCases;
import org.actionalerts.assistance.RetentionCommand;
import org.actionalerts.assistance.SmsAssistanceDesk;
import io.dropwizard.assets.AssetsBundle;
import org.actionalerts.platform.BodySizeLimitFilter;
import org.actionalerts.platform.CloseConnectionAfterRefusedBody;
import org.actionalerts.platform.Database;
import org.actionalerts.platform.EmbeddedDatabase;
import org.actionalerts.platform.SecurityHeadersFilter;
import org.actionalerts.platform.StartupChecks;
import org.actionalerts.platform.errors.ApiExceptionMapper;
import org.actionalerts.platform.errors.JsonProcessingExceptionMapper;
import org.actionalerts.platform.errors.UnexpectedExceptionMapper;
import org.actionalerts.platform.errors.WebApplicationExceptionMapper;
import org.actionalerts.platform.logging.MaskingMessageConverter;
import org.actionalerts.platform.text.ControlCharacterRefusingModule;
import org.actionalerts.consent.ConsentModule;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.lists.ListsModule;
import org.actionalerts.supporters.PhoneNumbers;
import org.actionalerts.supporters.SupportersModule;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;

/** Wiring only: each feature builds its own parts in its module. */
public class ActionAlertsApplication extends Application<ActionAlertsConfiguration> {
    /** Every SqlObject interface, so Jdbi studies each once at start-up instead of on every attach. */
    static final List<Class<?>> SQL_OBJECTS = List.of(
            org.actionalerts.accounts.TokenDao.class, org.actionalerts.accounts.UserDao.class,
            org.actionalerts.supporters.SupporterDao.class, org.actionalerts.consent.ConsentDao.class,
            org.actionalerts.lists.ListDao.class, org.actionalerts.campaigns.CampaignDao.class,
            org.actionalerts.delivery.OutboxDao.class, org.actionalerts.assistance.CaseDao.class,
            org.actionalerts.audit.AuditDao.class);

    static {
        MaskingMessageConverter.install();
    }

    private EmbeddedDatabase embedded;

    public static void main(String[] args) throws Exception {
        new ActionAlertsApplication().run(args);
    }

    @Override
    public String getName() {
        return "action-alerts";
    }

    @Override
    public void initialize(Bootstrap<ActionAlertsConfiguration> bootstrap) {
        // Times as ISO-8601 strings in UTC, as the contract says.
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        bootstrap.getObjectMapper().registerModule(new ControlCharacterRefusingModule());
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        // The attorneys' queue page: plain HTML and JS, no external CDN.
        bootstrap.addBundle(new AssetsBundle("/assets/queue", "/queue", "index.html", "queue"));
        // The staff console (campaigns), the same kind of page; staff sign in there, attorneys at /queue.
        bootstrap.addBundle(new AssetsBundle("/assets/console", "/console", "index.html", "console"));
        // ECharts from its WebJar, for the console's campaign report page: served by the service, under the same CSP.
        bootstrap.addBundle(new AssetsBundle("/META-INF/resources/webjars/echarts/5.3.1/dist", "/console/vendor/echarts",
                null, "echarts"));
        // The stylesheet of the server-rendered pages (unsubscribe): a file, as the pages' CSP allows no inline style.
        bootstrap.addBundle(new AssetsBundle("/assets/pages", "/pages", null, "pages"));
        bootstrap.addCommand(new RetentionCommand(SQL_OBJECTS));
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(ActionAlertsConfiguration config) {
                return Database.dataSourceFactory(config, embedded(config));
            }
        });
    }

    private synchronized EmbeddedDatabase embedded(ActionAlertsConfiguration config) {
        if (embedded == null) {
            embedded = Database.embeddedFor(config);
        }
        return embedded;
    }

    @Override
    public void run(ActionAlertsConfiguration config, Environment environment) throws Exception {
        // Before anything starts: a half-configured channel must stop the service, not silently drop messages.
        StartupChecks.check(config);
        EmbeddedDatabase embeddedDatabase = embedded(config);
        environment.lifecycle().manage(embeddedDatabase);
        DataSourceFactory dataSource = Database.dataSourceFactory(config, embeddedDatabase);
        Database.migrate(dataSource, environment);
        Jdbi jdbi = Database.jdbi(dataSource, environment, SQL_OBJECTS);

        registerSecurityHeaders(config, environment);
        registerErrorHandling(environment);
        registerBodyLimit(config, environment);
        org.actionalerts.platform.metrics.PrometheusEndpoint.register(environment);
        Clock clock = clock();
        TokenService tokens = new TokenService(jdbi, config.adminToken(), clock,
                environment.lifecycle().executorService("token-refresh").minThreads(1).maxThreads(1).build());
        TokenAuthenticator authenticator = registerAuth(environment, tokens);
        environment.servlets().addFilter("token-in-url-refusal", new TokenInUrlRefusal(environment.getObjectMapper()))
                .addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/*");
        environment.servlets().addFilter("control-characters-in-query",
                        new org.actionalerts.platform.text.ControlCharacterQueryRefusal(environment.getObjectMapper()))
                .addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/api/*");
        environment.jersey().register(new TokenResource(tokens));
        registerSessions(config, environment, jdbi, clock, tokens);

        ConsentService consent = ConsentModule.register(jdbi);
        SupportersModule.register(config, environment, jdbi, clock, consent, new OpenCases());
        ListsModule.register(environment, jdbi);

        ActionsModule.Parts actions = ActionsModule.register(environment, jdbi, clock, config.actions(),
                SmsCountries.parse(config.sms().allowedCountries()));
        CampaignRenderer renderer = new CampaignRenderer(config.campaigns(), config.organisation(), config.publicBaseUrl());
        CampaignsModule.register(environment, jdbi, clock, renderer, actions.links(), config.dispatcher().enabled());
        // Delivery renders campaign rows when it claims them and tells campaigns which to pause, through
        // interfaces of its own that campaigns implements: campaigns depends on delivery, never the reverse.
        ClaimTimeTexts campaignTexts = new ClaimTimeTexts(renderer);
        DeliveryReceipts receipts = DeliveryModule.register(config, environment, jdbi, clock, consent, campaignTexts,
                campaignTexts, actions.links(), SmsGateways.fromSettings(config.sms(), config.publicBaseUrl()),
                EmailGateways.fromSettings(config.email(), config.organisation()),
                new org.actionalerts.inbound.PendingStops(jdbi));
        CaseIntake intake = AssistanceModule.register(config, environment, jdbi, clock, consent, authenticator);
        // Audit's own API (who read or changed a case or requester); the features write the log, each in its transaction.
        environment.jersey().register(new AuditResource(new AuditLog(jdbi, clock)));
        InboundModule.register(config, environment, jdbi, clock, consent, new SmsAssistanceDesk(intake),
                actions.actions(), receipts);

        environment.jersey().register(new OpenApiResource().openApiConfiguration(new SwaggerConfiguration()
                .openAPI(new OpenAPI().info(new Info().title("Action Alerts").version("v1"))
                        .path(ClaimServlet.PATH, ClaimServlet.apiDescription())
                        .components(new Components().addSecuritySchemes("bearer",
                                new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))))
                .resourcePackages(Set.of("org.actionalerts"))
                .prettyPrint(true)));
    }

    /** The clock every time-based decision uses; tests override it. */
    protected Clock clock() {
        return Clock.systemUTC();
    }

    /** A servlet filter on every path of the application port: Jersey, the plain servlets, assets, errors. */
    private static void registerSecurityHeaders(ActionAlertsConfiguration config, Environment environment) {
        environment.servlets().addFilter("security-headers",
                        new SecurityHeadersFilter(StartupChecks.isHttps(config.publicBaseUrl())))
                .addMappingForUrlPatterns(SecurityHeadersFilter.DISPATCHES, false, "/*");
    }

    private static void registerErrorHandling(Environment environment) {
        environment.jersey().register(new ApiExceptionMapper());
        environment.jersey().register(new WebApplicationExceptionMapper());
        environment.jersey().register(new JsonProcessingExceptionMapper());
        environment.jersey().register(new UnexpectedExceptionMapper());
        environment.jersey().register(new CloseConnectionAfterRefusedBody());
    }

    /** The body limit, as a servlet filter so that it stands in front of the plain servlets as well as Jersey. */
    private static void registerBodyLimit(ActionAlertsConfiguration config, Environment environment) {
        Map<String, Long> ownLimits = Map.of(
                HelpRequestResource.class.getAnnotation(Path.class).value(), (long) config.assistance().helpRequests().maxBodyBytes(),
                ClaimServlet.PATH, config.limits().jsonBodyBytes());
        var filter = environment.servlets().addFilter("body-size-limit", new BodySizeLimitFilter(config.limits(), ownLimits,
                environment.getObjectMapper(), environment.metrics().counter(MetricRegistry.name(BodySizeLimitFilter.class, "discardedBytes"))));
        filter.setAsyncSupported(true); // the claim servlet answers asynchronously
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }

    /**
     * People signing in: the session filter stands in front of every /api/* request (Jersey and the plain
     * servlets), after the body limit, and finds the cookie's session and checks its CSRF token on changes.
     */
    private static void registerSessions(ActionAlertsConfiguration config, Environment environment, Jdbi jdbi, Clock clock,
                                         TokenService tokens) {
        SessionService sessions = new SessionService(jdbi, clock);
        SignIn signIn = new SignIn(jdbi, clock, sessions);
        SessionCookie cookie = new SessionCookie(StartupChecks.isHttps(config.publicBaseUrl()));
        TrustedProxies proxies = config.assistance().helpRequests().proxies();
        Function<HttpServletRequest, String> clientKey = http ->
                TrustedProxies.clientKey(proxies.clientOf(http.getRemoteAddr(), http.getHeaders("X-Forwarded-For")));
        var filter = environment.servlets().addFilter("sessions", new SessionFilter(sessions, environment.getObjectMapper()));
        filter.setAsyncSupported(true); // the claim servlet answers asynchronously
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
        environment.jersey().register(new SessionResource(signIn, sessions, cookie, clientKey));
        UserService users = new UserService(jdbi, PhoneNumbers::toE164); // accounts.PhoneFormat, from supporters
        environment.jersey().register(new UserResource(users, tokens, sessions, signIn, cookie, clientKey));
        new PeriodicTask("expired-sessions", Duration.ofMinutes(1), Duration.ofMinutes(15), () -> {
            sessions.forgetExpired();
            signIn.forgetOldFailures();
        }).register(environment.lifecycle());
    }

    /** Returns the authenticator, which the plain servlets use too. */
    private static TokenAuthenticator registerAuth(Environment environment, TokenService tokens) {
        TokenAuthenticator authenticator = new TokenAuthenticator(tokens);
        // A bearer token first (it speaks for itself); else the session the cookie opened (see SessionFilter).
        List<AuthFilter> filters = List.of(new BearerAuthFilter.Builder()
                        .setAuthenticator(authenticator)
                        .setAuthorizer(authenticator)
                        .setPrefix(TokenAuthenticator.PREFIX)
                        .setRealm(TokenAuthenticator.REALM)
                        .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                        .buildAuthFilter(),
                new SessionAuthFilter.Builder()
                        .setAuthorizer(authenticator)
                        .setPrefix(TokenAuthenticator.PREFIX)
                        .setRealm(TokenAuthenticator.REALM)
                        .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                        .buildAuthFilter());
        environment.jersey().register(new AuthDynamicFeature(new ChainedAuthFilter<>(filters)));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(Caller.class));
        return authenticator;
    }
}
