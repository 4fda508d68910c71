package org.actionalerts.delivery;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The countries automatic texts may go to ({@code SMS_ALLOWED_COUNTRIES}, ISO 3166 codes): a form anyone can fill
 * in must not make us text premium or far-away numbers (SMS pumping). A number's country is libphonenumber's region
 * for it; a number the numbering plan does not place (a new area code) counts as its calling code's main country.
 */
public final class SmsCountries {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** No automatic texts at all: for outboxes that send none of them. */
    public static final SmsCountries NONE = new SmsCountries(Set.of());

    private final Set<String> allowed;

    private SmsCountries(Set<String> allowed) {
        this.allowed = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(allowed));
    }

    /** "US", "US,CA", " us , pr "; blank allows none. An unknown code is refused, so a typo cannot go unnoticed. */
    public static SmsCountries parse(String codes) {
        Set<String> allowed = new LinkedHashSet<>();
        if (codes != null) {
            for (String raw : codes.split(",")) {
                String code = raw.strip().toUpperCase(Locale.ROOT);
                if (code.isEmpty()) {
                    continue;
                }
                if (!UTIL.getSupportedRegions().contains(code)) {
                    throw new IllegalArgumentException("SMS_ALLOWED_COUNTRIES: \"" + raw.strip()
                            + "\" is not an ISO country code with phone numbers (e.g. US, CA, MX)");
                }
                allowed.add(code);
            }
        }
        return new SmsCountries(allowed);
    }

    public Set<String> codes() {
        return allowed;
    }

    /** Whether an automatic text may go to this E.164 number. */
    public boolean allows(String e164) {
        String region = regionOf(e164);
        return region != null && allowed.contains(region);
    }

    /** The ISO code of an E.164 number's country, or null when it is not a number. */
    static String regionOf(String e164) {
        if (e164 == null || e164.isBlank()) {
            return null;
        }
        try {
            PhoneNumber number = UTIL.parse(e164.strip(), "ZZ");
            String region = UTIL.getRegionCodeForNumber(number);
            if (region == null || "ZZ".equals(region) || "001".equals(region)) {
                region = UTIL.getRegionCodeForCountryCode(number.getCountryCode());
            }
            return region == null || "ZZ".equals(region) || "001".equals(region) ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
