package org.actionalerts.platform;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} text (a form body, or a query string) decoded the one way the plain
 * servlets decode it: UTF-8, "+" as a space, a repeated name keeping its first value, a name without "=" an empty
 * value. Malformed bytes become U+FFFD for the caller to refuse; a broken "%" escape is an
 * {@link IllegalArgumentException}.
 */
public final class FormFields {
    private FormFields() {}

    public static Map<String, String> decode(String encoded) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }
}
