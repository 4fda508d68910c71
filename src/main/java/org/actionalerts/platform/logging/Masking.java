package org.actionalerts.platform.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides phone numbers and email addresses in text bound for logs: {@code +1******4807}, {@code m***@example.org}. */
public final class Masking {
    // A date or time is matched first so that it is left alone ("2026-11-29 04:49" is not a phone number).
    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)?";
    // A run of 7+ digits, optionally with a leading + and common separators: phone numbers in any form. Not
    // inside a longer word, so ids such as error references and Twilio SIDs stay readable.
    private static final String NUMBER = "(?:\\+|(?<![A-Za-z0-9]))\\d(?:[\\d ().\\-]{5,}\\d)(?![A-Za-z0-9])";
    private static final Pattern PHONE = Pattern.compile("(" + DATE + ")|" + NUMBER);
    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]*@([A-Za-z0-9.\\-]+\\.[A-Za-z]{2,})");

    private Masking() {}

    /** Only the last four digits stay, and the country code of a number written with "+": +1******4807. */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^+\\d]", "");
        if (digits.length() <= 6) {
            return "*".repeat(digits.length());
        }
        String prefix = digits.startsWith("+") ? digits.substring(0, 2) : "";
        return prefix + "*".repeat(digits.length() - prefix.length() - 4) + digits.substring(digits.length() - 4);
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
            boolean phone = m.group(1) == null && digits >= 7;
            m.appendReplacement(out, Matcher.quoteReplacement(phone ? phone(candidate) : candidate));
        }
        m.appendTail(out);
        return out.toString();
    }
}
