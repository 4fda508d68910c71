package org.actionalerts.delivery;

/** Placeholder until the gateways branch lands its carrier-accurate counter. */
public final class SmsSegments {
    private SmsSegments() {}

    public record Count(String encoding, int segments, int characters) {}

    public static Count count(String body) {
        boolean gsm = body.chars().allMatch(c -> c < 128);
        int per = gsm ? (body.length() <= 160 ? 160 : 153) : (body.length() <= 70 ? 70 : 67);
        return new Count(gsm ? "GSM-7" : "UCS-2", Math.max(1, (body.length() + per - 1) / per), body.length());
    }
}
