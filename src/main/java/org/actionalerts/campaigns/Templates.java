package org.actionalerts.campaigns;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;

/** Mustache templates. HTML variants escape merge fields; SMS and plain-text variants do not. */
public final class Templates {
    private static final DefaultMustacheFactory HTML = new DefaultMustacheFactory();
    private static final DefaultMustacheFactory PLAIN = new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException(e);
            }
        }
    };

    private Templates() {}

    public static Mustache compilePlain(String template, String name) {
        return PLAIN.compile(new StringReader(template), name);
    }

    public static Mustache compileHtml(String template, String name) {
        return HTML.compile(new StringReader(template), name);
    }

    public static String render(Mustache template, Map<String, Object> fields) {
        StringWriter out = new StringWriter();
        template.execute(out, fields);
        return out.toString();
    }
}
