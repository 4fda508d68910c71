package org.actionalerts.delivery;

/**
 * How many SMS segments a text costs, counted the way carriers do (GSM 03.38).
 *
 * <p>GSM-7 when every character is in the GSM 03.38 basic set or its extension table (extension characters
 * such as {@code € ^ { } [ ] ~ | \} take two septets): 160 septets in one segment, 153 per part when
 * concatenated. Otherwise UCS-2: 70 UTF-16 code units in one segment, 67 per part (an emoji is two units).
 * An escape sequence or a surrogate pair is never split across two parts, so parts are packed greedily.
 */
public final class SmsSegments {

    public static final String GSM_7 = "GSM-7";
    public static final String UCS_2 = "UCS-2";

    // GSM 03.38 default alphabet, minus the escape character 0x1B.
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    // GSM 03.38 extension table: each is sent as ESC + character.
    private static final String EXTENSION = "\f^{}\\[~]|€";

    /**
     * @param encoding   "GSM-7" or "UCS-2"
     * @param segments   number of segments billed (0 for an empty text)
     * @param characters length counted against the limits: septets for GSM-7, UTF-16 code units for UCS-2
     */
    public record Count(String encoding, int segments, int characters) {}

    private SmsSegments() {}

    public static Count count(String text) {
        if (text == null || text.isEmpty()) {
            return new Count(GSM_7, 0, 0);
        }
        return isGsm7(text) ? count(text, GSM_7, 160, 153) : count(text, UCS_2, 70, 67);
    }

    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Count count(String text, String encoding, int single, int perPart) {
        int total = 0;
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int units = unitsAt(text, i, encoding);
            total += units;
            if (used + units > perPart) {
                segments++;
                used = 0;
            }
            used += units;
            i += encoding.equals(GSM_7) ? 1 : units;
        }
        return new Count(encoding, total <= single ? 1 : segments, total);
    }

    private static int unitsAt(String text, int i, String encoding) {
        char c = text.charAt(i);
        if (encoding.equals(GSM_7)) {
            return EXTENSION.indexOf(c) >= 0 ? 2 : 1;
        }
        // A surrogate pair (most emoji) is two UTF-16 units and must stay in one part.
        return Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ? 2 : 1;
    }
}
