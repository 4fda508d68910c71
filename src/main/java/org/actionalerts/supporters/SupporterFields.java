package org.actionalerts.supporters;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.actionalerts.platform.text.ControlCharacters;
import org.actionalerts.platform.errors.ApiError.FieldError;

/**
 * Checks and normalises the fields of a supporter, for the JSON API and the CSV import alike.
 * Each method returns the normalised value, or null for "not given", and adds a {@link FieldError} when invalid.
 */
public final class SupporterFields {
    // USPS codes for the states, DC, and the territories whose residents we may reach.
    private static final Set<String> STATES = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
            "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
            "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
            "DC", "PR", "GU", "VI", "AS", "MP");
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Pattern THREE_LETTER_LANGUAGE = Pattern.compile("[a-z]{3}");
    private static final Pattern EMAIL_DOMAIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    static final int MAX_TEXT = 200;
    static final int MAX_TAGS = 50;

    private final List<FieldError> errors = new ArrayList<>();

    public List<FieldError> errors() {
        return errors;
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public String phone(String field, String value) {
        if (blank(value)) {
            return null;
        }
        return PhoneNumbers.toE164(value).orElseGet(() -> fail(field, "is not a valid phone number"));
    }

    public String email(String field, String value) {
        if (blank(value)) {
            return null;
        }
        String trimmed = value.strip();
        try {
            InternetAddress address = new InternetAddress(trimmed, true);
            String domain = trimmed.substring(trimmed.lastIndexOf('@') + 1);
            if (!trimmed.equals(address.getAddress()) || !trimmed.contains("@") || !EMAIL_DOMAIN.matcher(domain).matches()
                    || trimmed.length() > 254) {
                return fail(field, "is not a valid email address");
            }
            return trimmed;
        } catch (AddressException e) {
            return fail(field, "is not a valid email address");
        }
    }

    /** BCP-47 primary language subtag: "es-MX" and "ES" become "es"; three-letter codes (e.g. "mam") are kept. */
    public String language(String field, String value) {
        if (blank(value)) {
            return null;
        }
        String primary = value.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        if (ISO_LANGUAGES.contains(primary) || THREE_LETTER_LANGUAGE.matcher(primary).matches()) {
            return primary;
        }
        return fail(field, "is not a BCP-47 language tag such as en or es");
    }

    public String state(String field, String value) {
        if (blank(value)) {
            return null;
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        return STATES.contains(code) ? code : fail(field, "is not a USPS state code such as MD, DC or PR");
    }

    /** Free text such as a name, county or postal code: trimmed, bounded. */
    public String text(String field, String value) {
        if (blank(value)) {
            return null;
        }
        if (ControlCharacters.present(value)) {
            return fail(field, ControlCharacters.REFUSAL);
        }
        String trimmed = WHITESPACE.matcher(value.strip()).replaceAll(" ");
        return trimmed.length() > MAX_TEXT ? fail(field, "is longer than " + MAX_TEXT + " characters") : trimmed;
    }

    /** Trimmed, blank ones dropped, duplicates removed keeping the first spelling. */
    public List<String> tags(String field, List<String> values) {
        if (values == null) {
            return null;
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : values) {
            String t = text(field, tag);
            if (t != null) {
                tags.add(t);
            }
        }
        if (tags.size() > MAX_TAGS) {
            fail(field, "has more than " + MAX_TAGS + " tags");
        }
        return List.copyOf(tags);
    }

    private <T> T fail(String field, String message) {
        errors.add(new FieldError(field, message));
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
