package org.actionalerts.campaigns;

/**
 * What {@code {{actionUrl}}} becomes in a campaign with an action URL and {@code trackLinks}: the recipient's own
 * short link {@code PUBLIC_BASE_URL/a/{code}}. Where there is no recipient yet (previews, segment counts), a
 * representative code of the same length and alphabet stands in, so the length and cost are the real ones.
 */
public final class ActionLink {
    /** Characters in a code: 10 of 62 letters and digits, about 59.5 random bits. */
    public static final int LENGTH = 10;
    /** Letters and digits only: GSM-7 in a text, nothing to escape in a URL or in HTML. */
    public static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public static final String SAMPLE_CODE = "X".repeat(LENGTH);
    public static final String PATH = "/a/";

    private ActionLink() {}

    /** The link a recipient with {@code code} (null: no recipient, a sample) gets for this campaign. */
    public static String url(Campaign c, String publicBaseUrl, String code) {
        if (c.actionUrl() == null || !c.trackLinks()) {
            return c.actionUrl();
        }
        return base(publicBaseUrl) + PATH + (code == null ? SAMPLE_CODE : code);
    }

    public static boolean tracked(Campaign c) {
        return c.actionUrl() != null && c.trackLinks();
    }

    private static String base(String publicBaseUrl) {
        return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }
}
