package org.actionalerts.campaigns;

import com.github.mustachejava.Code;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.ValueCode;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The merge fields a campaign template may name. A name outside this list renders as nothing for every
 * recipient ("Hi , call the sheriff"), so templates naming one are refused when the campaign is created.
 */
public enum MergeField {
    FIRST_NAME("firstName", "first_name"),
    LAST_NAME("lastName", "last_name"),
    STATE("state", "state"),
    COUNTY("county", "county"),
    ACTION_URL("actionUrl", null);

    /** For /openapi.json (an annotation needs a constant): keep in step with the fields above and the README. */
    public static final String DESCRIPTION = "Templates are Mustache. Merge fields: {{firstName}}, {{lastName}}, "
            + "{{state}} (two-letter code), {{county}}, {{actionUrl}}; any other name is refused (422, naming the "
            + "template and the closest known field). A fallback for recipients who lack a field: "
            + "{{firstName|friend}} (literal text, no braces); without one, the configured default for the "
            + "template's language applies (campaigns.fallbacks, e.g. firstName: en friend, es amigo). Sections "
            + "{{#firstName}}…{{/firstName}} and {{^firstName}}…{{/firstName}} work; partials, inheritance and "
            + "delimiter changes are refused. An SMS variant longer than 1,600 characters when rendered with the "
            + "audience's longest values is refused; the draft carries warnings (more than 3 segments, a character "
            + "that forces UCS-2) and estimatedSegments. complianceFooter: false (admins only) turns off the "
            + "organisation name and opt-out instructions added to a recipient's first alert and periodically after.";

    private final String wireName;
    private final String column;

    MergeField(String wireName, String column) {
        this.wireName = wireName;
        this.column = column;
    }

    public String wireName() {
        return wireName;
    }

    /** The supporters column it comes from; null for a campaign's own field (actionUrl). */
    String column() {
        return column;
    }

    public static Optional<MergeField> named(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }

    static String known() {
        return Arrays.stream(values()).map(f -> "`" + f.wireName + "`").collect(Collectors.joining(", "));
    }

    /** The known field a mistyped name most likely meant: same letters in another case, or at most two edits away. */
    static Optional<String> closest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (MergeField f : values()) {
            int d = distance(lower, f.wireName.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = f.wireName;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.min(2, Math.max(1, name.length() / 3)) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Why each name a compiled template uses is not a merge field, one message per distinct name. */
    static List<String> problems(Mustache template) {
        Set<String> messages = new LinkedHashSet<>();
        walk(template.getCodes(), false, messages);
        return List.copyOf(messages);
    }

    private static void walk(Code[] codes, boolean inSection, Set<String> messages) {
        if (codes == null) {
            return;
        }
        for (Code code : codes) {
            boolean named = code instanceof ValueCode || code instanceof IterableCode;
            if (named) {
                problem(code.getName(), inSection).ifPresent(messages::add);
            }
            walk(code.getCodes(), inSection || code instanceof IterableCode, messages);
        }
    }

    private static Optional<String> problem(String name, boolean inSection) {
        if (name == null || named(name).isPresent() || (inSection && ".".equals(name))) {
            return Optional.empty();
        }
        if (name.contains("|")) {
            return Optional.of("the fallback in {{" + name + "}} may not contain { or }");
        }
        String suggestion = closest(name.contains(".") ? name.substring(0, name.indexOf('.')) : name)
                .map(f -> "; did you mean `" + f + "`?")
                .orElse("; the fields are " + known());
        return Optional.of("`" + name + "` is not a field" + suggestion);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
