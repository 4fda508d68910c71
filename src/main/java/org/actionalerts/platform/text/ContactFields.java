package org.actionalerts.platform.text;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.actionalerts.platform.errors.ApiError.FieldError;

/**
 * Checks and normalises a person's contact fields (name-like text, phone, email) for any feature: supporters,
 * users. Each method returns the normalised value, or null for "not given", and adds a {@link FieldError} when
 * invalid. Phone normalisation is the supporters feature's ({@code supporters.PhoneNumbers}); the platform knows no
 * feature, so whoever makes a ContactFields hands it in.
 */
public class ContactFields {
    private static final Pattern EMAIL_DOMAIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    static final int MAX_TEXT = 200;

    private final Function<String, Optional<String>> toE164;
    private final List<FieldError> errors = new ArrayList<>();

    /** {@code toE164}: a phone number as written → E.164, empty when it is not a valid number. */
    public ContactFields(Function<String, Optional<String>> toE164) {
        this.toE164 = toE164;
    }

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
        return toE164.apply(value).orElseGet(() -> fail(field, "is not a valid phone number"));
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

    protected <T> T fail(String field, String message) {
        errors.add(new FieldError(field, message));
        return null;
    }

    protected static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
