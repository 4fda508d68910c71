package org.actionalerts.supporters;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.actionalerts.platform.text.ContactFields;

/**
 * Checks and normalises the fields of a supporter, for the JSON API and the CSV import alike: the contact fields
 * ({@link ContactFields}) and language, state and tags.
 * Each method returns the normalised value, or null for "not given", and adds a field error when invalid.
 */
public final class SupporterFields extends ContactFields {
    // USPS codes for the states, DC, and the territories whose residents we may reach.
    private static final Set<String> STATES = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
            "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
            "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
            "DC", "PR", "GU", "VI", "AS", "MP");
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Pattern THREE_LETTER_LANGUAGE = Pattern.compile("[a-z]{3}");
    static final int MAX_TAGS = 50;

    public SupporterFields() {
        super(PhoneNumbers::toE164);
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
}
