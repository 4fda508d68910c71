package org.actionalerts.campaigns;

import com.github.mustachejava.Mustache;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a campaign for one recipient in their language, falling back to "en". Campaigns do not change once
 * created, so their compiled templates are cached by campaign id.
 */
public class CampaignRenderer {
    public record Recipient(String firstName, String lastName, String state, String county, String language) {}

    public record Rendered(String smsBody, String subject, String text, String html) {}

    private record Compiled(Map<String, Mustache> sms, Map<String, Mustache> subject, Map<String, Mustache> text,
                            Map<String, Mustache> html) {}

    private final Map<Long, Compiled> cache = new ConcurrentHashMap<>();

    public Rendered render(Campaign campaign, Recipient recipient) {
        Compiled compiled = cache.computeIfAbsent(campaign.id(), id -> compile(campaign));
        Map<String, Object> fields = new HashMap<>();
        put(fields, "firstName", recipient.firstName());
        put(fields, "lastName", recipient.lastName());
        put(fields, "state", recipient.state());
        put(fields, "county", recipient.county());
        put(fields, "actionUrl", campaign.actionUrl());
        String language = recipient.language() == null ? "en" : recipient.language();
        return new Rendered(
                pick(compiled.sms(), language, fields),
                pick(compiled.subject(), language, fields),
                pick(compiled.text(), language, fields),
                pick(compiled.html(), language, fields));
    }

    /** Compiles every variant; throws MustacheException naming the bad one. */
    static void check(Campaign campaign) {
        compile(campaign);
    }

    private static Compiled compile(Campaign c) {
        String prefix = "campaign-" + c.id() + "-";
        return new Compiled(
                compileAll(c.sms() == null ? null : c.sms().body(), prefix + "sms", false),
                compileAll(c.email() == null ? null : c.email().subject(), prefix + "subject", false),
                compileAll(c.email() == null ? null : c.email().text(), prefix + "text", false),
                compileAll(c.email() == null ? null : c.email().html(), prefix + "html", true));
    }

    private static Map<String, Mustache> compileAll(Map<String, String> variants, String name, boolean html) {
        Map<String, Mustache> compiled = new HashMap<>();
        if (variants != null) {
            variants.forEach((language, template) -> compiled.put(language, html
                    ? Templates.compileHtml(template, name + "-" + language)
                    : Templates.compilePlain(template, name + "-" + language)));
        }
        return compiled;
    }

    private static String pick(Map<String, Mustache> variants, String language, Map<String, Object> fields) {
        Mustache template = variants.getOrDefault(language, variants.get("en"));
        return template == null ? null : Templates.render(template, fields);
    }

    private static void put(Map<String, Object> fields, String name, String value) {
        fields.put(name, value == null ? "" : value);
    }
}
