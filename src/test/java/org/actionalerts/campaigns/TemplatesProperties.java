package org.actionalerts.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import java.util.Map;
import java.util.stream.Stream;
import org.actionalerts.support.Generated;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any string staff might type as a template either compiles and renders, or is refused with a MustacheException
 * (which the API answers 422); nothing else escapes. A partial, inheritance or delimiter change is always refused.
 */
@ExtendWith(Generated.Cases.class)
class TemplatesProperties {
    static final Map<String, Object> FIELDS = Map.of("firstName", "Ana", "lastName", "Reyes", "unsubscribeUrl", "https://x.example/u");

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anyTemplateRendersOrIsRefused(String label, String template) {
        for (boolean html : new boolean[] {false, true}) {
            Mustache compiled;
            try {
                compiled = html ? Templates.compileHtml(template, "t") : Templates.compilePlain(template, "t");
            } catch (MustacheException refused) {
                continue;
            }
            assertThat(Templates.refusal(template)).as(Generated.show(template)).isEmpty();
            try {
                String out = Templates.render(compiled, FIELDS);
                assertThat(out).as(Generated.show(template)).doesNotContain("java.lang").doesNotContain("ClassLoader");
            } catch (MustacheException refused) {
                // a render-time refusal is fine too; anything else fails the property
            }
        }
    }

    static Stream<Arguments> anyTemplateRendersOrIsRefused() {
        return Stream.concat(
                Stream.concat(Stream.of("", "{{", "}}", "{{}}", "{{{}}}", "{{#firstName}}", "{{/firstName}}",
                                "{{#firstName}}{{/firstName}}{{/firstName}}", "{{^firstName}}x{{/firstName}}", "{{!}}",
                                "{{class.classLoader}}", "{{getClass}}", "{{.}}", "{{&class}}", "{{{class.classLoader}}}",
                                "{{#class}}{{classLoader}}{{/class}}", "{{firstName"), Stream.of(PIECES))
                        .map(t -> Generated.edge(Generated.show(t), t)),
                Generated.cases("anyTemplateRendersOrIsRefused", 300, TemplatesProperties::template));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusedTagsNeverResolve(String label, String before, String tag, String after) {
        String template = before + tag + after;
        assertThat(Templates.refusal(template)).as(Generated.show(template)).isPresent();
        assertThatThrownBy(() -> Templates.compilePlain(template, "t")).as(Generated.show(template)).isInstanceOf(MustacheException.class);
        assertThatThrownBy(() -> Templates.compileHtml(template, "t")).as(Generated.show(template)).isInstanceOf(MustacheException.class);
    }

    static Stream<Arguments> refusedTagsNeverResolve() {
        return Stream.concat(
                Stream.of(REFUSED).map(tag -> Generated.edge("alone " + Generated.show(tag), "", tag, "")),
                Generated.cases("refusedTagsNeverResolve", 200, g -> new Object[] {template(g), g.pick(REFUSED), template(g)}));
    }

    static final String[] PIECES = {"{{", "}}", "{{{", "}}}", "{{#", "{{/", "{{^", "{{&", "{{!", "{{.}}", "{{firstName}}",
            "{{#firstName}}", "{{/firstName}}", "{{class}}", "{{getClass}}", "{{class.classLoader}}",
            "{{unsubscribeUrl}}", "{{ lastName }}", "#", "/", "^", "&", "!", ".", "%", "\\", "\n"};

    static final String[] REFUSED = {"{{>", "{{ >", "{{<", "{{=", "{{\t=", "{{>file:/etc/passwd}}", "{{<base}}{{/base}}",
            "{{=<% %>=}}", "{{> partial}}"};

    /** Up to 12 pieces, each a Mustache fragment or up to 6 chars of any text. */
    static String template(Generated g) {
        StringBuilder b = new StringBuilder();
        for (String piece : g.list(0, 12, () -> g.oneOf(() -> g.pick(PIECES), () -> g.anyString(6)))) {
            b.append(piece);
        }
        return b.toString();
    }
}
