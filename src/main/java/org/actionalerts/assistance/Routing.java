package org.actionalerts.assistance;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Decides a new case's queue (ordered rules, first match wins) and whether it is urgent. */
final class Routing {
    /** What a rule looks at. {@code message} is the requester's own words. */
    public record Facts(String state, String topic, String language, String message) {}

    public record Decision(String queue, String priority, String ruleName) {}

    private record Compiled(String name, Set<String> states, Set<String> topics, Set<String> languages,
                            List<String> words, String queue) {}

    private final List<Compiled> rules;
    private final List<String> urgentWords;
    private final String defaultQueue;

    public Routing(AssistanceSettings settings) {
        this.defaultQueue = settings.defaultQueue();
        this.urgentWords = Texts.normaliseAll(settings.urgentWords());
        this.rules = settings.rules().stream().map(r -> new Compiled(r.name(), lower(r.states()), lower(r.topics()),
                lower(r.languages()), Texts.normaliseAll(r.words()), r.queue())).toList();
    }

    public Decision route(Facts facts) {
        String text = Texts.normalise(facts.message());
        String priority = isUrgent(text) ? "urgent" : "normal";
        for (Compiled rule : rules) {
            if (matches(rule.states(), facts.state()) && matches(rule.topics(), facts.topic())
                    && matches(rule.languages(), facts.language())
                    && (rule.words().isEmpty() || Texts.containsPhrase(text, rule.words()))) {
                return new Decision(rule.queue(), priority, rule.name());
            }
        }
        return new Decision(defaultQueue, priority, null);
    }

    /** Whether these words call for an attorney at once ("my brother was detained", "la migra está aquí"). */
    public boolean isUrgent(String message) {
        return Texts.containsPhrase(Texts.normalise(message), urgentWords);
    }

    private static boolean matches(Set<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value.toLowerCase(Locale.ROOT)));
    }

    private static Set<String> lower(List<String> values) {
        return values == null ? Set.of() : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
