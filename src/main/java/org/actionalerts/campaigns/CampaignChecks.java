package org.actionalerts.campaigns;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.actionalerts.platform.errors.ApiError.FieldError;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.supporters.SupporterFields;

/**
 * Checks a new campaign: every chosen channel has an "en" template, templates compile and use only known merge
 * fields (see {@link MergeField}), fallbacks and sections (no partials, inheritance or delimiter changes), the link
 * is http(s). The fields are found in the compiled template's codes, not by pattern-matching its text.
 */
final class CampaignChecks {
    private CampaignChecks() {}

    /** The request with its audience normalised (state codes upper-cased, languages as primary tags). */
    static CampaignRequest check(CampaignRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || r.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (r.name().length() > 200) {
            errors.add(new FieldError("name", "is longer than 200 characters"));
        }
        if (r.actionUrl() != null && !isHttpUrl(r.actionUrl())) {
            errors.add(new FieldError("actionUrl", "must be an http or https URL"));
        }
        List<String> channels = r.channels() == null ? List.of() : List.copyOf(new LinkedHashSet<>(r.channels()));
        if (channels.isEmpty()) {
            errors.add(new FieldError("channels", "choose sms, email or both"));
        }
        for (String ch : channels) {
            if (!"sms".equals(ch) && !"email".equals(ch)) {
                errors.add(new FieldError("channels", "unknown channel " + ch + "; use sms or email"));
            }
        }
        if (channels.contains("sms")) {
            requireEnglish(errors, "sms.body", r.sms() == null ? null : r.sms().body());
            compiles(errors, "sms.body", r.sms() == null ? null : r.sms().body(), false);
        }
        if (channels.contains("email")) {
            requireEnglish(errors, "email.subject", r.email() == null ? null : r.email().subject());
            requireEnglish(errors, "email.text", r.email() == null ? null : r.email().text());
            if (r.email() != null) {
                compiles(errors, "email.subject", r.email().subject(), false);
                compiles(errors, "email.text", r.email().text(), false);
                compiles(errors, "email.html", r.email().html(), true);
            }
        }
        Audience audience = audience(r.audience() == null ? Audience.EVERYONE : r.audience(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new CampaignRequest(r.name().strip(), r.actionUrl(), channels, audience,
                channels.contains("sms") ? r.sms() : null, channels.contains("email") ? r.email() : null,
                r.sendAt(), Boolean.TRUE.equals(r.urgent()), !Boolean.FALSE.equals(r.complianceFooter()),
                !Boolean.FALSE.equals(r.trackLinks()));
    }

    private static Audience audience(Audience a, List<FieldError> errors) {
        SupporterFields fields = new SupporterFields();
        List<String> states = a.states() == null ? null : a.states().stream().map(s -> fields.state("audience.states", s)).toList();
        List<String> languages = a.languages() == null ? null
                : a.languages().stream().map(l -> fields.language("audience.languages", l)).toList();
        List<String> counties = a.counties() == null ? null : a.counties().stream().map(c -> fields.text("audience.counties", c)).toList();
        List<String> tags = a.tags() == null ? null : fields.tags("audience.tags", a.tags());
        errors.addAll(fields.errors());
        Audience.Engagement engagement = a.engagement();
        if (engagement != null && engagement.campaignId() == null) {
            errors.add(new FieldError("audience.engagement.campaignId", "is required: the earlier campaign whose recipients to choose from"));
        }
        return new Audience(a.listId(), states, counties, tags, languages, engagement);
    }

    private static void requireEnglish(List<FieldError> errors, String field, Map<String, String> variants) {
        if (variants == null || variants.get("en") == null || variants.get("en").isBlank()) {
            errors.add(new FieldError(field, "needs an \"en\" template (the fallback for every language)"));
        }
    }

    private static void compiles(List<FieldError> errors, String field, Map<String, String> variants, boolean html) {
        if (variants == null) {
            return;
        }
        variants.forEach((language, template) -> {
            if (template == null) {
                errors.add(new FieldError(field + "." + language, "is empty"));
                return;
            }
            var refused = Templates.refusal(template, html);
            if (refused.isPresent()) {
                errors.add(new FieldError(field + "." + language, refused.get()));
                return;
            }
            Fallbacks.Expanded expanded = Fallbacks.expand(template, java.util.Map.of(), html);
            expanded.errors().forEach(e -> errors.add(new FieldError(field + "." + language, e)));
            if (!expanded.errors().isEmpty()) {
                return;
            }
            try {
                Mustache compiled = html ? Templates.compileHtml(expanded.template(), "check")
                        : Templates.compilePlain(expanded.template(), "check");
                MergeField.problems(compiled).forEach(p -> errors.add(new FieldError(field + "." + language, p)));
            } catch (MustacheException e) {
                errors.add(new FieldError(field + "." + language, "is not a valid Mustache template"));
            }
        });
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
