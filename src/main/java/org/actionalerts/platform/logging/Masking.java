package org.actionalerts.platform.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides phone numbers and email addresses in text bound for logs: {@code +1******4807}, {@code m***@example.org}. */
public final class Masking {
    // A run of 7+ digits, optionally with a leading + and common separators: phone numbers in any form.
    private static final Pattern PHONE = Pattern.compile("\\+?\\d(?:[\\d ().\\-]{5,}\\d)");
    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]*@([A-Za-z0-9.\\-]+\\.[A-Za-z]{2,})");

    private Masking() {}

    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^+\\d]", "");
        if (digits.length() <= 6) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 2) + "*".repeat(digits.length() - 6) + digits.substring(digits.length() - 4);
    }

    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher m = PHONE.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String candidate = m.group();
            long digits = candidate.chars().filter(Character::isDigit).count();
            m.appendReplacement(out, Matcher.quoteReplacement(digits >= 7 ? phone(candidate) : candidate));
        }
        m.appendTail(out);
        return out.toString();
    }
}
