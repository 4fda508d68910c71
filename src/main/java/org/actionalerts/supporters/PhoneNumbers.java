package org.actionalerts.supporters;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Any common national or international way of writing a number → E.164, with the US as default region. */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String DEFAULT_REGION = "US";
    private static final java.util.regex.Pattern US_WITH_COUNTRY_CODE = java.util.regex.Pattern.compile("1\\d{10}");

    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9]\\d{6,14}");

    private PhoneNumbers() {}

    /**
     * A sender number as a carrier reports it (Twilio's {@code From}): already E.164, so it is only checked for
     * that form. Parsing it with libphonenumber again cost more CPU than the rest of the inbound webhook, and a
     * number the carrier delivered from is real even if our copy of the numbering plan does not know it yet.
     */
    public static Optional<String> fromCarrier(String text) {
        if (text != null && E164.matcher(text.strip()).matches()) {
            return Optional.of(text.strip());
        }
        return toE164(text);
    }

    /** Empty when the text is not a valid, dialable number. */
    public static Optional<String> toE164(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String candidate = text.strip();
        // "13015654807": a US number written with its country code but no "+".
        if (US_WITH_COUNTRY_CODE.matcher(candidate).matches()) {
            candidate = "+" + candidate;
        }
        try {
            PhoneNumber number = UTIL.parse(candidate, DEFAULT_REGION);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
