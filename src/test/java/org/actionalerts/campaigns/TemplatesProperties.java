package org.actionalerts.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any string staff might type as a template either compiles and renders, or is refused with a MustacheException
 * (which the API answers 422); nothing else escapes. A partial, inheritance or delimiter change is always refused.
 */
class TemplatesProperties {
    static final Map<String, Object> FIELDS = Map.of("firstName", "Ana", "lastName", "Reyes", "unsubscribeUrl", "https://x.example/u");

    @Property(tries = 300)
    void anyTemplateRendersOrIsRefused(@ForAll("templates") String template) {
        for (boolean html : new boolean[] {false, true}) {
            Mustache compiled;
            try {
                compiled = html ? Templates.compileHtml(template, "t") : Templates.compilePlain(template, "t");
            } catch (MustacheException refused) {
                continue;
            }
            assertThat(Templates.refusal(template)).isEmpty();
            try {
                String out = Templates.render(compiled, FIELDS);
                assertThat(out).doesNotContain("java.lang").doesNotContain("ClassLoader");
            } catch (MustacheException refused) {
                // a render-time refusal is fine too; anything else fails the property
            }
        }
    }

    @Property(tries = 200)
    void refusedTagsNeverResolve(@ForAll("templates") String before, @ForAll("refused") String tag, @ForAll("templates") String after) {
        String template = before + tag + after;
        assertThat(Templates.refusal(template)).isPresent();
        assertThatThrownBy(() -> Templates.compilePlain(template, "t")).isInstanceOf(MustacheException.class);
        assertThatThrownBy(() -> Templates.compileHtml(template, "t")).isInstanceOf(MustacheException.class);
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("{{", "}}", "{{{", "}}}", "{{#", "{{/", "{{^", "{{&", "{{!", "{{.}}", "{{firstName}}",
                        "{{#firstName}}", "{{/firstName}}", "{{class}}", "{{getClass}}", "{{class.classLoader}}",
                        "{{unsubscribeUrl}}", "{{ lastName }}", "#", "/", "^", "&", "!", ".", "%", "\\", "\n"),
                Arbitraries.strings().ofMaxLength(6));
        return piece.list().ofMaxSize(12).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> refused() {
        return Arbitraries.of("{{>", "{{ >", "{{<", "{{=", "{{\t=", "{{>file:/etc/passwd}}", "{{<base}}{{/base}}",
                "{{=<% %>=}}", "{{> partial}}");
    }
}
