package org.actionalerts.platform.text;

/**
 * Control characters (NUL and the other C0 codes except tab, CR and LF, and DEL) have no place in a name, a
 * message or a template: PostgreSQL refuses NUL outright, and the rest hide text from people who read it.
 */
public final class ControlCharacters {
    public static final String REFUSAL = "contains a control character (only tab, line feed and carriage return are allowed)";

    private ControlCharacters() {}

    public static boolean present(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (isRefused(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** For text we cannot send back (a supporter's SMS): the refused characters are dropped, the rest kept. */
    public static String strip(String s) {
        if (!present(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        s.chars().filter(c -> !isRefused((char) c)).forEach(c -> out.append((char) c));
        return out.toString();
    }

    private static boolean isRefused(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
    }
}
