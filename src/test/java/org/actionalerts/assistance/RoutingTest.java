package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Routing rules in order, urgent words, answer-time targets and references. */
class RoutingTest {
    static final AssistanceSettings SETTINGS = new AssistanceSettings("state-local-advocacy",
            AssistanceSettings.DEFAULTS.topics(), AssistanceSettings.DEFAULTS.keywords(),
            AssistanceSettings.DEFAULTS.urgentWords(),
            List.of(new RoutingRule("maryland 287(g)", List.of("MD"), List.of("287g"), List.of(), List.of(), "maryland-287g"),
                    new RoutingRule("detainers", List.of(), List.of("detainer", "criminal-alien-program"), List.of(), List.of(), "detention-response"),
                    new RoutingRule("ice holds", List.of(), List.of(), List.of(), List.of("ICE hold", "orden de detención"), "detention-response"),
                    new RoutingRule("spanish secure communities", List.of(), List.of("secure-communities"), List.of("es"), List.of(), "comunidades-seguras")),
            "1h", "2 business days", "America/New_York", Duration.days(14), 365, true,
            AssistanceSettings.HelpRequestSettings.DEFAULTS,
            AssistanceSettings.UrgentPageSettings.DEFAULTS);
    static final Routing ROUTING = new Routing(SETTINGS);

    @ParameterizedTest(name = "{0}/{1}/{2} \"{3}\" → {4} {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            MD | 287g               | en | The county is signing an agreement     | maryland-287g        | normal
            md | 287g               | es | el condado firma un acuerdo            | maryland-287g        | normal
            VA | 287g               | en | The county is signing an agreement     | state-local-advocacy | normal
            -  | detainer           | en | a detainer was issued                  | detention-response   | normal
            TX | criminal-alien-program | en | jail screening                     | detention-response   | normal
            -  | general            | en | There is an ICE hold on my cousin      | detention-response   | normal
            -  | general            | es | Hay una orden de detencion             | detention-response   | normal
            -  | general            | en | The icehold word is not a phrase       | state-local-advocacy | normal
            -  | secure-communities | es | pregunta                               | comunidades-seguras  | normal
            -  | secure-communities | en | question                               | state-local-advocacy | normal
            -  | general            | en | My brother was DETAINED this morning!  | state-local-advocacy | urgent
            -  | general            | en | ICE is here                            | state-local-advocacy | urgent
            -  | general            | es | Mi papá fue detenido                   | state-local-advocacy | urgent
            -  | general            | es | ¡La migra está en la escuela!          | state-local-advocacy | urgent
            -  | general            | es | lo arrestaron, está arrestado          | state-local-advocacy | urgent
            -  | detainer           | en | he was arrested, now a detainer        | detention-response   | urgent
            -  | general            | en | Will the police detain people?         | state-local-advocacy | normal
            -  | general            | en | how do I get a lawyer                  | state-local-advocacy | normal
            """)
    void routes(String state, String topic, String language, String message, String queue, String priority) {
        Routing.Decision d = ROUTING.route(new Routing.Facts(state, topic, language, message));
        assertThat(d.queue()).isEqualTo(queue);
        assertThat(d.priority()).isEqualTo(priority);
    }

    @Test
    void answerTimes() {
        Sla sla = new Sla(SETTINGS);
        Instant friday5pm = Instant.parse("2026-03-06T22:00:00Z"); // 17:00 in New York
        assertThat(sla.dueAt("urgent", friday5pm)).isEqualTo(Instant.parse("2026-03-06T23:00:00Z"));
        assertThat(sla.dueAt("normal", friday5pm)).isEqualTo(Instant.parse("2026-03-10T21:00:00Z")); // Tuesday 17:00 EDT
        assertThat(sla.promise("urgent", "en")).isEqualTo("within 1 hour");
        assertThat(sla.promise("normal", "es")).isEqualTo("en 2 días hábiles");
    }

    @Test
    void referencesAreShortAndUnambiguous() {
        for (int i = 0; i < 1000; i++) {
            assertThat(References.next()).matches("HR-[" + References.ALPHABET + "]{4}-[" + References.ALPHABET + "]{2}");
        }
        assertThat(References.ALPHABET).doesNotContain("0", "O", "1", "I", "L", "U", "V");
    }
}
