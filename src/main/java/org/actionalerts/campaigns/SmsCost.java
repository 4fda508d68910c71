package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.actionalerts.delivery.SmsSegments;
import org.actionalerts.platform.errors.ApiError.FieldError;
import org.jdbi.v3.core.Handle;

/**
 * What a campaign's texts will cost before anyone gets one. Each SMS variant is rendered with the longest values
 * its audience has (and with none, for the fallbacks) and the compliance footer: over Twilio's 1,600 characters is
 * refused (Twilio would refuse every text, error 21617); more than 3 segments, or a character that forces UCS-2,
 * is a warning. The estimate renders every recipient's text as the claim would, footer decision included.
 */
final class SmsCost {
    static final int TWILIO_MAX_CHARACTERS = 1600;
    static final int SEGMENTS_WARNING = 3;
    private static final String X = "x";

    /** @param code "segments" or "ucs2" */
    record Warning(String field, String code, String message) {}

    /** Segments the whole SMS audience would be billed, by the template language each recipient gets. */
    /** {@code exact} false: rendered for a random sample of the audience and scaled up to its size per language. */
    record SegmentEstimate(long total, Map<String, Long> byLanguage, boolean exact) {}

    /** Up to this many SMS recipients the estimate renders every one; above it, a sample of about this many. */
    static final long EXACT_UP_TO = 20_000;

    record Assessment(List<Warning> warnings, SegmentEstimate estimatedSegments, List<FieldError> refusals) {}

    private SmsCost() {}

    static Assessment assess(Handle h, Campaign c, CampaignRenderer shared, Instant now) {
        CampaignRenderer renderer = shared.fresh();
        if (!c.hasChannel("sms") || c.sms() == null || c.sms().body() == null) {
            return new Assessment(null, null, List.of());
        }
        Map<String, String> variants = c.sms().body();
        List<AudienceQuery.Longest> longest = AudienceQuery.longestSms(h, c.audience());
        List<Warning> warnings = new ArrayList<>();
        List<FieldError> refusals = new ArrayList<>();
        for (String language : new java.util.TreeSet<>(variants.keySet())) {
            String field = "sms.body." + language;
            int first = 0, last = 0, state = 0, county = 0;
            for (AudienceQuery.Longest l : longest) {
                if (CampaignRenderer.variant(variants, l.language()).equals(language)) {
                    first = Math.max(first, l.firstName());
                    last = Math.max(last, l.lastName());
                    state = Math.max(state, l.state());
                    county = Math.max(county, l.county());
                }
            }
            String withLongest = renderer.render(c, new CampaignRenderer.Recipient(X.repeat(first), X.repeat(last),
                    X.repeat(state), X.repeat(county), language), true).smsBody();
            String withFallbacks = renderer.render(c, new CampaignRenderer.Recipient(null, null, null, null, language),
                    true).smsBody();
            String worst = withLongest.length() >= withFallbacks.length() ? withLongest : withFallbacks;
            if (worst.length() > TWILIO_MAX_CHARACTERS) {
                refusals.add(new FieldError(field, String.format("is %,d characters when rendered with the longest values "
                        + "in the audience%s; Twilio refuses a text over %,d characters (error 21617)", worst.length(),
                        renderer.footer().appliesTo(c) ? " and the compliance footer" : "", TWILIO_MAX_CHARACTERS)));
                continue;
            }
            int segments = Math.max(SmsSegments.count(withLongest).segments(), SmsSegments.count(withFallbacks).segments());
            if (segments > SEGMENTS_WARNING) {
                warnings.add(new Warning(field, "segments", "is up to " + segments + " segments a text; each segment is "
                        + "billed as one text (a text of 160 plain characters or fewer is one)"));
            }
            // Names are x's here, so what forces UCS-2 is the template's own text, a fallback or the footer.
            ucs2(withLongest).ifPresent(m -> warnings.add(new Warning(field, "ucs2", m)));
        }
        return new Assessment(warnings, estimate(h, c, renderer, now), refusals);
    }

    private static SegmentEstimate estimate(Handle h, Campaign c, CampaignRenderer renderer, Instant now) {
        Map<String, Long> byLanguage = new TreeMap<>();
        c.sms().body().keySet().forEach(l -> byLanguage.put(l, 0L));
        boolean footer = renderer.footer().appliesTo(c);
        // Rendering a million recipients on every look at a draft would take seconds: a large audience is sampled.
        Map<String, Long> recipients = AudienceQuery.languages(h, c.audience(), List.of("sms")).get("sms");
        long audience = recipients.values().stream().mapToLong(Long::longValue).sum();
        double percent = audience <= EXACT_UP_TO ? 100 : 100.0 * EXACT_UP_TO / audience;
        Map<String, Long> rendered = new TreeMap<>();
        AudienceQuery.eachSmsRecipient(h, c.audience(), percent, r -> {
            rendered.merge(r.language() == null ? "" : r.language(), 1L, Long::sum);
            boolean due = footer && renderer.footer().due(r.lastInstructed(), now);
            String body = renderer.render(c, new CampaignRenderer.Recipient(r.firstName(), r.lastName(), r.state(),
                    r.county(), r.language()), due).smsBody();
            byLanguage.merge(CampaignRenderer.variant(c.sms().body(), r.language()), (long) SmsSegments.count(body).segments(),
                    Long::sum);
        });
        if (percent < 100) {
            scaleToAudience(c, byLanguage, recipients, rendered);
        }
        return new SegmentEstimate(byLanguage.values().stream().mapToLong(Long::longValue).sum(), byLanguage, percent >= 100);
    }

    /** Each variant's sampled segments times (its recipients / its recipients in the sample). */
    private static void scaleToAudience(Campaign c, Map<String, Long> byVariant, Map<String, Long> recipients,
                                        Map<String, Long> sampled) {
        Map<String, Long> variantRecipients = new TreeMap<>();
        Map<String, Long> variantSampled = new TreeMap<>();
        recipients.forEach((language, n) -> variantRecipients.merge(CampaignRenderer.variant(c.sms().body(), language), n, Long::sum));
        sampled.forEach((language, n) -> variantSampled.merge(CampaignRenderer.variant(c.sms().body(),
                language.isEmpty() ? null : language), n, Long::sum));
        byVariant.replaceAll((variant, segments) -> {
            long inSample = variantSampled.getOrDefault(variant, 0L);
            return inSample == 0 ? 0 : Math.round((double) segments * variantRecipients.getOrDefault(variant, 0L) / inSample);
        });
    }

    /** Names the first character that makes the text UCS-2 (70 characters a segment instead of 160). */
    static java.util.Optional<String> ucs2(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            if (!SmsSegments.isGsm7(ch)) {
                String name = Character.getName(cp);
                String instead = switch (cp) {
                    case '\u2018', '\u2019', '\u02BC' -> "; a straight ' would avoid it";
                    case '\u201C', '\u201D' -> "; a straight \" would avoid it";
                    case '\u2013', '\u2014' -> "; a hyphen - would avoid it";
                    case '\u2026' -> "; three dots ... would avoid it";
                    case '\u00A0' -> "; an ordinary space would avoid it";
                    default -> "";
                };
                return java.util.Optional.of(String.format("uses %s (U+%04X%s), which forces UCS-2: 70 characters a "
                        + "segment instead of 160%s", ch, cp, name == null ? "" : " " + name, instead));
            }
            i += Character.charCount(cp);
        }
        return java.util.Optional.empty();
    }
}
