package org.actionalerts.delivery;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Where a recipient's clock is: from the phone's area code when it pins one zone, else from their state,
 * else every continental US zone (so a text waits until it is daytime everywhere it might land).
 */
final class RecipientZones {
    static final List<ZoneId> CONTINENTAL = List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Chicago"),
            ZoneId.of("America/Denver"), ZoneId.of("America/Los_Angeles"));
    private static final Map<String, String> STATE_ZONES = Map.ofEntries(
            Map.entry("CT", "America/New_York"), Map.entry("DE", "America/New_York"), Map.entry("DC", "America/New_York"),
            Map.entry("GA", "America/New_York"), Map.entry("ME", "America/New_York"), Map.entry("MD", "America/New_York"),
            Map.entry("MA", "America/New_York"), Map.entry("NH", "America/New_York"), Map.entry("NJ", "America/New_York"),
            Map.entry("NY", "America/New_York"), Map.entry("NC", "America/New_York"), Map.entry("OH", "America/New_York"),
            Map.entry("PA", "America/New_York"), Map.entry("RI", "America/New_York"), Map.entry("SC", "America/New_York"),
            Map.entry("VT", "America/New_York"), Map.entry("VA", "America/New_York"), Map.entry("WV", "America/New_York"),
            Map.entry("FL", "America/New_York"), Map.entry("MI", "America/Detroit"), Map.entry("IN", "America/Indiana/Indianapolis"),
            Map.entry("KY", "America/New_York"), Map.entry("TN", "America/Chicago"), Map.entry("AL", "America/Chicago"),
            Map.entry("AR", "America/Chicago"), Map.entry("IL", "America/Chicago"), Map.entry("IA", "America/Chicago"),
            Map.entry("KS", "America/Chicago"), Map.entry("LA", "America/Chicago"), Map.entry("MN", "America/Chicago"),
            Map.entry("MS", "America/Chicago"), Map.entry("MO", "America/Chicago"), Map.entry("NE", "America/Chicago"),
            Map.entry("ND", "America/Chicago"), Map.entry("OK", "America/Chicago"), Map.entry("SD", "America/Chicago"),
            Map.entry("TX", "America/Chicago"), Map.entry("WI", "America/Chicago"), Map.entry("AZ", "America/Phoenix"),
            Map.entry("CO", "America/Denver"), Map.entry("ID", "America/Boise"), Map.entry("MT", "America/Denver"),
            Map.entry("NM", "America/Denver"), Map.entry("UT", "America/Denver"), Map.entry("WY", "America/Denver"),
            Map.entry("CA", "America/Los_Angeles"), Map.entry("NV", "America/Los_Angeles"), Map.entry("OR", "America/Los_Angeles"),
            Map.entry("WA", "America/Los_Angeles"), Map.entry("AK", "America/Anchorage"), Map.entry("HI", "Pacific/Honolulu"),
            Map.entry("PR", "America/Puerto_Rico"), Map.entry("VI", "America/St_Thomas"), Map.entry("GU", "Pacific/Guam"),
            Map.entry("MP", "Pacific/Saipan"), Map.entry("AS", "Pacific/Pago_Pago"));

    private RecipientZones() {}

    public static List<ZoneId> forRecipient(String phoneE164, String state) {
        if (phoneE164 != null) {
            try {
                var number = PhoneNumberUtil.getInstance().parse(phoneE164, "US");
                List<String> zones = PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number);
                if (zones.size() == 1 && !zones.get(0).equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone())) {
                    return List.of(ZoneId.of(zones.get(0)));
                }
            } catch (NumberParseException e) {
                // fall through to the state
            }
        }
        if (state != null && STATE_ZONES.containsKey(state)) {
            return List.of(ZoneId.of(STATE_ZONES.get(state)));
        }
        return CONTINENTAL;
    }
}
