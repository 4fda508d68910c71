package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Carriers expect an alert to say who sends it and how to stop: "ORG_NAME: " before the text and "Reply STOP to
 * opt out" (or the template language's own words) after it, on a recipient's first alert and again once their
 * last alert with instructions is older than {@code renewAfter}. What the template already says is not repeated.
 */
final class ComplianceFooter {
    /** Instructions a template may already carry: "Reply STOP to opt out", "Text STOP to quit", "Responda ALTO". */
    private static final Pattern INSTRUCTIONS = Pattern.compile(
            "(?iu)\\b(reply|text|txt|send|responda|responde|envíe|envie|mande|conteste)\\s+[\"'“”‘’]?(stop|alto|baja|parar|cancelar)\\b");

    private final CampaignSettings.ComplianceFooter settings;
    private final String orgName;

    /** @param withInstructions the text tells the recipient how to opt out; added: this footer changed the text */
    public record Footed(String body, boolean withInstructions, boolean added) {}

    ComplianceFooter(CampaignSettings.ComplianceFooter settings, String orgName) {
        this.settings = settings;
        this.orgName = orgName == null ? "" : orgName.strip();
    }

    /** Whether this campaign's texts get the footer at all: on in config, and not turned off by an admin. */
    public boolean appliesTo(Campaign c) {
        return settings.enabled() && c.complianceFooter();
    }

    /** Whether a recipient whose last alert with instructions was claimed at {@code last} (app clock) needs them now. */
    public boolean due(Instant last, Instant now) {
        return last == null || !last.isAfter(now.minus(settings.renewAfter().toJavaDuration()));
    }

    Footed apply(String body, String language, boolean add) {
        boolean hasInstructions = hasInstructions(body);
        if (!add || body == null) {
            return new Footed(body, hasInstructions, false);
        }
        boolean named = orgName.isEmpty() || body.toLowerCase(Locale.ROOT).contains(orgName.toLowerCase(Locale.ROOT));
        String optOut = settings.optOut().getOrDefault(language, settings.optOut().get("en"));
        String footed = (named ? "" : orgName + ": ") + body + (hasInstructions || optOut == null ? "" : "\n" + optOut);
        return new Footed(footed, true, !footed.equals(body));
    }

    private boolean hasInstructions(String body) {
        if (body == null) {
            return false;
        }
        String lower = body.toLowerCase(Locale.ROOT);
        return INSTRUCTIONS.matcher(body).find()
                || settings.optOut().values().stream().anyMatch(t -> lower.contains(t.toLowerCase(Locale.ROOT)));
    }
}
