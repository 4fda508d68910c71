package org.actionalerts.campaigns;

import io.dropwizard.util.Duration;
import java.util.Map;

/**
 * How campaign texts are completed for their recipients (config {@code campaigns}).
 *
 * @param fallbacks        per merge field, per template language, what a recipient without the field gets
 *                         ({@code firstName: {en: friend, es: amigo}}); literal text, no braces
 * @param complianceFooter the organisation's name and opt-out instructions added to SMS alerts
 */
public record CampaignSettings(Map<String, Map<String, String>> fallbacks, ComplianceFooter complianceFooter) {
    public static final CampaignSettings DEFAULTS = new CampaignSettings(
            Map.of("firstName", Map.of("en", "friend", "es", "amigo")), ComplianceFooter.OFF);

    /**
     * @param enabled     off only where an operator has another way to meet carriers' rules (and in tests)
     * @param renewAfter  a recipient whose last alert with instructions is older than this gets them again
     * @param optOut      the instructions per template language; "en" is used for a language without its own
     */
    public record ComplianceFooter(boolean enabled, Duration renewAfter, Map<String, String> optOut) {
        private static final Map<String, String> DEFAULT_OPT_OUT =
                Map.of("en", "Reply STOP to opt out", "es", "Responda ALTO para cancelar");
        public static final ComplianceFooter OFF = new ComplianceFooter(false, Duration.days(30), DEFAULT_OPT_OUT);

        public ComplianceFooter {
            renewAfter = renewAfter == null ? Duration.days(30) : renewAfter;
            optOut = optOut == null || optOut.isEmpty() ? DEFAULT_OPT_OUT : Map.copyOf(optOut);
        }
    }

    public CampaignSettings {
        fallbacks = fallbacks == null ? Map.of() : Map.copyOf(fallbacks);
        complianceFooter = complianceFooter == null ? ComplianceFooter.OFF : complianceFooter;
        fallbacks.forEach((field, byLanguage) -> {
            if (MergeField.named(field).isEmpty()) {
                throw new IllegalArgumentException("campaigns.fallbacks: " + field + " is not a merge field");
            }
            byLanguage.values().forEach(text -> {
                if (text.contains("{") || text.contains("}")) {
                    throw new IllegalArgumentException("campaigns.fallbacks." + field + ": no braces in a fallback");
                }
            });
        });
    }

    Map<String, String> fallbacksFor(String language) {
        Map<String, String> forLanguage = new java.util.HashMap<>();
        fallbacks.forEach((field, byLanguage) -> {
            String text = byLanguage.get(language);
            if (text != null && !text.isBlank()) {
                forLanguage.put(field, text);
            }
        });
        return forLanguage;
    }
}
