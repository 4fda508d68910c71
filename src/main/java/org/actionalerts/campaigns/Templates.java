package org.actionalerts.campaigns;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheNotFoundException;
import com.github.mustachejava.MustacheResolver;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import java.io.IOException;

import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mustache templates. HTML variants escape merge fields; SMS and plain-text variants do not.
 *
 * <p>A template is data written by staff, never code: it can name merge fields and use sections, and nothing
 * else. Partials ({@code {{>name}}}) and template inheritance ({@code {{<name}}}) would read files, classpath
 * resources or URLs ({@code {{>file:/proc/self/environ}}} printed the server's secrets), so both factories resolve
 * no name at all; and merge fields resolve only keys of the field map, never a Java method or field of a value.
 */
final class Templates {
    /** Tags that load another template or change the delimiters (which would hide the first two from checks). */
    private static final Pattern REFUSED_TAG = Pattern.compile("\\{\\{\\s*([<>=])");
    private static final Pattern UNESCAPED_TAG = Pattern.compile("\\{\\{\\s*[&{]");

    private static final MustacheResolver NO_PARTIALS = name -> {
        throw new MustacheNotFoundException("partials are not allowed");
    };

    private static final DefaultMustacheFactory HTML = safe(new DefaultMustacheFactory(NO_PARTIALS));
    private static final DefaultMustacheFactory PLAIN = safe(new DefaultMustacheFactory(NO_PARTIALS) {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException(e);
            }
        }
    });

    private Templates() {}

    /** Why a template is refused before it is compiled: a partial, inheritance or a delimiter change. */
    public static Optional<String> refusal(String template) {
        return refusal(template, false);
    }

    /**
     * The same, and for an HTML variant also an unescaped field ({@code {{{firstName}}}}, {@code {{&firstName}}}):
     * names come from CSV files and the public form, and must never become markup in an email.
     */
    public static Optional<String> refusal(String template, boolean html) {
        if (html && UNESCAPED_TAG.matcher(template).find()) {
            return Optional.of("may not insert a field unescaped ({{{…}}} or {{&…}}) into HTML; use {{firstName}}");
        }
        Matcher m = REFUSED_TAG.matcher(template);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(switch (m.group(1)) {
            case ">" -> "may not include partials ({{>…}}); use merge fields such as {{firstName}}";
            case "<" -> "may not inherit from another template ({{<…}})";
            default -> "may not change the Mustache delimiters ({{=…=}})";
        });
    }

    public static Mustache compilePlain(String template, String name) {
        return compile(PLAIN, template, name, false);
    }

    public static Mustache compileHtml(String template, String name) {
        return compile(HTML, template, name, true);
    }

    public static String render(Mustache template, Map<String, Object> fields) {
        StringWriter out = new StringWriter();
        template.execute(out, fields);
        return out.toString();
    }

    private static Mustache compile(DefaultMustacheFactory factory, String template, String name, boolean html) {
        Optional<String> refused = refusal(template, html);
        if (refused.isPresent()) {
            // Templates stored before the check existed are refused here too, at preview, test and claim time.
            throw new MustacheException("Template " + refused.get());
        }
        return factory.compile(new StringReader(template), name);
    }

    private static DefaultMustacheFactory safe(DefaultMustacheFactory factory) {
        factory.setObjectHandler(new MapKeysOnly());
        return factory;
    }

    /** Looks names up in maps only: {@code {{class.classLoader}}} and the like find nothing. */
    private static final class MapKeysOnly extends ReflectionObjectHandler {
        @Override
        protected void checkMethod(Method member) throws NoSuchMethodException {
            throw new NoSuchMethodException();
        }

        @Override
        protected void checkField(Field member) throws NoSuchFieldException {
            throw new NoSuchFieldException();
        }

        @Override
        protected boolean areMethodsAccessible(Map<?, ?> map) {
            return false;
        }
    }

}
