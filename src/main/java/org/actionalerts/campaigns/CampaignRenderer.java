package org.actionalerts.campaigns;

import com.github.mustachejava.Mustache;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.actionalerts.platform.Organisation;

/**
 * Renders a campaign for one recipient in their language, falling back to "en". Campaigns do not change once
 * created, so their compiled templates (fallbacks already expanded, see {@link Fallbacks}) are cached by id.
 */
public class CampaignRenderer {
    /** {@code linkCode}: the recipient's short-link code; null renders a representative one (see {@link ActionLink}). */
    public record Recipient(String firstName, String lastName, String state, String county, String language,
                            String linkCode) {
        public Recipient(String firstName, String lastName, String state, String county, String language) {
            this(firstName, lastName, state, county, language, null);
        }
    }

    /**
     * @param smsInstructions the SMS body tells the recipient how to opt out (footer added or in the template)
     * @param smsFooter       the compliance footer was added to the SMS body
     */
    public record Rendered(String smsBody, String subject, String text, String html, boolean smsInstructions,
                           boolean smsFooter) {}

    private record Compiled(Map<String, Mustache> sms, Map<String, Mustache> subject, Map<String, Mustache> text,
                            Map<String, Mustache> html) {}

    private final Map<Long, Compiled> cache = new ConcurrentHashMap<>();
    private final CampaignSettings settings;
    private final ComplianceFooter footer;
    private final String publicBaseUrl;

    /** No configured fallbacks and no compliance footer. */
    public CampaignRenderer() {
        this(CampaignSettings.DEFAULTS, new Organisation("", ""), "http://localhost:8080");
    }

    /** {@code publicBaseUrl}: where short links point ({@code PUBLIC_BASE_URL/a/{code}}). */
    public CampaignRenderer(CampaignSettings settings, Organisation organisation, String publicBaseUrl) {
        this.settings = settings;
        this.footer = new ComplianceFooter(settings.complianceFooter(), organisation.name());
        this.publicBaseUrl = publicBaseUrl;
    }

    /** A renderer with the same settings and a cache of its own, for one look at a draft: it leaves ours alone. */
    CampaignRenderer fresh() {
        return new CampaignRenderer(settings, footer, publicBaseUrl);
    }

    private CampaignRenderer(CampaignSettings settings, ComplianceFooter footer, String publicBaseUrl) {
        this.settings = settings;
        this.footer = footer;
        this.publicBaseUrl = publicBaseUrl;
    }

    CampaignSettings settings() {
        return settings;
    }

    public ComplianceFooter footer() {
        return footer;
    }

    /** As a recipient who does not need the compliance footer now would get it. */
    public Rendered render(Campaign campaign, Recipient recipient) {
        return render(campaign, recipient, false);
    }

    /**
     * @param instructionsDue the recipient's first alert, or their last with instructions is older than the
     *                        renewal period (see {@link ComplianceFooter#due}); ignored when the campaign has no footer
     */
    public Rendered render(Campaign campaign, Recipient recipient, boolean instructionsDue) {
        Compiled compiled = cache.computeIfAbsent(campaign.id(), id -> compile(campaign, settings));
        Map<String, Object> fields = new HashMap<>();
        put(fields, MergeField.FIRST_NAME, recipient.firstName());
        put(fields, MergeField.LAST_NAME, recipient.lastName());
        put(fields, MergeField.STATE, recipient.state());
        put(fields, MergeField.COUNTY, recipient.county());
        put(fields, MergeField.ACTION_URL, ActionLink.url(campaign, publicBaseUrl, recipient.linkCode()));
        String language = recipient.language() == null ? "en" : recipient.language();
        String sms = pick(compiled.sms(), language, fields);
        ComplianceFooter.Footed footed = footer.apply(sms, variant(compiled.sms(), language),
                instructionsDue && footer.appliesTo(campaign));
        return new Rendered(
                footed.body(),
                pick(compiled.subject(), language, fields),
                pick(compiled.text(), language, fields),
                pick(compiled.html(), language, fields),
                footed.withInstructions(), footed.added());
    }

    /** Compiles every variant; throws MustacheException naming the bad one. */
    static void check(Campaign campaign) {
        compile(campaign, CampaignSettings.DEFAULTS);
    }

    /** The variant a recipient in {@code language} gets: their own, else "en". */
    static String variant(Map<String, ?> variants, String language) {
        return variants != null && language != null && variants.containsKey(language) ? language : "en";
    }

    private static Compiled compile(Campaign c, CampaignSettings settings) {
        String prefix = "campaign-" + c.id() + "-";
        return new Compiled(
                compileAll(c.sms() == null ? null : c.sms().body(), prefix + "sms", false, settings),
                compileAll(c.email() == null ? null : c.email().subject(), prefix + "subject", false, settings),
                compileAll(c.email() == null ? null : c.email().text(), prefix + "text", false, settings),
                compileAll(c.email() == null ? null : c.email().html(), prefix + "html", true, settings));
    }

    private static Map<String, Mustache> compileAll(Map<String, String> variants, String name, boolean html,
                                                    CampaignSettings settings) {
        Map<String, Mustache> compiled = new HashMap<>();
        if (variants != null) {
            variants.forEach((language, template) -> {
                String expanded = Fallbacks.expand(template, settings.fallbacksFor(language), html).template();
                compiled.put(language, html
                        ? Templates.compileHtml(expanded, name + "-" + language)
                        : Templates.compilePlain(expanded, name + "-" + language));
            });
        }
        return compiled;
    }

    private static String pick(Map<String, Mustache> variants, String language, Map<String, Object> fields) {
        Mustache template = variants.get(variant(variants, language));
        return template == null ? null : Templates.render(template, fields);
    }

    private static void put(Map<String, Object> fields, MergeField field, String value) {
        // A blank value is a missing one: its section is false and its fallback shows.
        fields.put(field.wireName(), value == null || value.isBlank() ? "" : value);
    }
}
