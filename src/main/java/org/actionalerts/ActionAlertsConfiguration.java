package org.actionalerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.actionalerts.actions.ActionSettings;
import org.actionalerts.assistance.AssistanceSettings;
import org.actionalerts.campaigns.CampaignSettings;
import org.actionalerts.delivery.DeliverabilityGuard;
import org.actionalerts.delivery.DispatcherSettings;
import org.actionalerts.inbound.InboundSettings;
import org.actionalerts.platform.EmailSettings;
import org.actionalerts.platform.EmbeddedDatabaseSettings;
import org.actionalerts.platform.Limits;
import org.actionalerts.platform.Organisation;
import org.actionalerts.platform.SmsSettings;

/** Root configuration; everything below it is a record. Values come from environment variables (config.yml). */
public class ActionAlertsConfiguration extends Configuration {

    @Valid @NotNull @JsonProperty
    private DataSourceFactory database = new DataSourceFactory();

    @Valid @NotNull @JsonProperty
    private EmbeddedDatabaseSettings embeddedDatabase = new EmbeddedDatabaseSettings("./data");

    @NotNull @JsonProperty
    private String publicBaseUrl = "http://localhost:8080";

    @JsonProperty
    private String adminToken = "";

    @Valid @NotNull @JsonProperty
    private Limits limits = Limits.DEFAULTS;

    @Valid @NotNull @JsonProperty
    private Organisation organisation = new Organisation("", "");

    @Valid @NotNull @JsonProperty
    private SmsSettings sms = SmsSettings.DRY_RUN;

    @Valid @NotNull @JsonProperty
    private EmailSettings email = EmailSettings.DRY_RUN;

    @Valid @NotNull @JsonProperty
    private CampaignSettings campaigns = CampaignSettings.DEFAULTS;

    @Valid @NotNull @JsonProperty
    private DispatcherSettings dispatcher = DispatcherSettings.DEFAULTS;

    @Valid @NotNull @JsonProperty
    private InboundSettings inbound = InboundSettings.DEFAULTS;

    @Valid @NotNull @JsonProperty
    private DeliverabilityGuard.Settings deliverability = DeliverabilityGuard.Settings.DEFAULTS;

    @Valid @NotNull @JsonProperty
    private ActionSettings actions = ActionSettings.DEFAULTS;

    @Valid @NotNull @JsonProperty
    private AssistanceSettings assistance = AssistanceSettings.DEFAULTS;

    @Valid @NotNull @JsonProperty
    private org.actionalerts.platform.TimedWorkSettings timedWork = org.actionalerts.platform.TimedWorkSettings.DEFAULTS;

    public org.actionalerts.platform.TimedWorkSettings timedWork() { return timedWork; }
    public InboundSettings inbound() { return inbound; }
    public ActionSettings actions() { return actions; }
    public DeliverabilityGuard.Settings deliverability() { return deliverability; }
    public AssistanceSettings assistance() { return assistance; }
    public DataSourceFactory database() { return database; }
    public DispatcherSettings dispatcher() { return dispatcher; }
    public CampaignSettings campaigns() { return campaigns; }
    public EmbeddedDatabaseSettings embeddedDatabase() { return embeddedDatabase; }
    public String publicBaseUrl() { return publicBaseUrl; }
    public String adminToken() { return adminToken == null ? "" : adminToken.trim(); }
    public Limits limits() { return limits; }
    public Organisation organisation() { return organisation; }
    public SmsSettings sms() { return sms; }
    public EmailSettings email() { return email; }
}
