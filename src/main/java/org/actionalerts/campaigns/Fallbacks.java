package org.actionalerts.campaigns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns fallbacks into plain Mustache before a template is compiled: {@code {{firstName|friend}}}, or a bare
 * {{firstName}} that has a configured default for the template's language, becomes
 * {@code {{#firstName}}{{firstName}}{{/firstName}}{{^firstName}}friend{{/firstName}}}. The fallback is literal
 * text (HTML-escaped in HTML variants); one with a brace is refused, so it can never become template code.
 * {@code {{firstName|}}} asks for no fallback at all.
 */
final class Fallbacks {
    /** A merge field, not a triple-mustache or a section tag, with an optional {@code |fallback}. */
    private static final Pattern FIELD = Pattern.compile("(?<!\\{)\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(\\|[^}]*)?\\}\\}");

    /**
     * @param template       Mustache text, ready to compile
     * @param withFallback   the fields that have a fallback somewhere in it
     * @param errors         why the template's fallbacks are refused (empty when they are fine)
     */
    record Expanded(String template, Set<String> withFallback, List<String> errors) {}

    private Fallbacks() {}

    static Expanded expand(String template, Map<String, String> defaults, boolean html) {
        Set<String> withFallback = new LinkedHashSet<>();
        List<String> errors = new ArrayList<>();
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String field = m.group(1);
            String fallback = m.group(2) == null ? defaults.get(field) : m.group(2).substring(1).strip();
            String replacement = m.group();
            if (fallback != null && fallback.contains("{")) {
                errors.add("the fallback for `" + field + "` may not contain { or }");
            } else if (fallback != null && !fallback.isEmpty()) {
                withFallback.add(field);
                String text = html ? escapeHtml(fallback) : fallback;
                replacement = "{{#" + field + "}}{{" + field + "}}{{/" + field + "}}{{^" + field + "}}" + text + "{{/" + field + "}}";
            } else if (m.group(2) != null) {
                replacement = "{{" + field + "}}";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return new Expanded(out.toString(), withFallback, errors);
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
