package org.actionalerts.campaigns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.actionalerts.delivery.OutboxDao;
import org.actionalerts.delivery.SmsSegments;
import org.actionalerts.supporters.Supporter;
import org.actionalerts.supporters.SupporterDao;
import org.jdbi.v3.core.Handle;

/**
 * What the audience would get, before launch: one rendering per template language for a sample recipient of
 * that language (the first in the audience; an invented one with no fields when nobody speaks it), how many people
 * each channel's variants reach (those whose language has no variant get "en" and are counted there, and in
 * {@code fallingBackToEn}), and how many lack each field the templates give a fallback for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AudiencePreview(Map<String, Sample> languages, Map<String, Map<String, Long>> recipients,
                              Map<String, Long> fallingBackToEn, Map<String, Long> fallbacks) {

    /** @param sampleSupporterId null: nobody in the audience has this language; the fields are left empty */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sample(Long sampleSupporterId, String sms, Integer smsSegments, String smsEncoding,
                         Boolean complianceFooter, String subject, String text, String html) {}

    static AudiencePreview of(Handle h, Campaign c, CampaignRenderer renderer, Instant now) {
        Map<String, Long> samples = AudienceQuery.samples(h, c.audience(), c.channels());
        Set<String> languages = templateLanguages(c);
        Map<String, Sample> byLanguage = new TreeMap<>();
        for (String language : languages) {
            Long sample = samples.get(language);
            if (sample == null && "en".equals(language)) {
                // Someone who falls back to the English texts shows what English readers get just as well.
                sample = samples.entrySet().stream().filter(e -> !languages.contains(e.getKey()))
                        .map(Map.Entry::getValue).min(Long::compare).orElse(null);
            }
            byLanguage.put(language, render(h, c, renderer, now, sample, language));
        }
        Map<String, Map<String, Long>> recipients = new TreeMap<>();
        Map<String, Long> fallingBack = new TreeMap<>();
        AudienceQuery.languages(h, c.audience(), c.channels()).forEach((channel, counts) -> {
            Map<String, ?> variants = variants(c, channel);
            Map<String, Long> perVariant = new TreeMap<>();
            variants.keySet().forEach(l -> perVariant.put(l, 0L));
            long back = 0;
            for (var e : counts.entrySet()) {
                String variant = CampaignRenderer.variant(variants, e.getKey());
                perVariant.merge(variant, e.getValue(), Long::sum);
                if (!variant.equals(e.getKey())) {
                    back += e.getValue();
                }
            }
            recipients.put(channel, perVariant);
            fallingBack.put(channel, back);
        });
        return new AudiencePreview(byLanguage, recipients, fallingBack,
                AudienceQuery.missing(h, c.audience(), c.channels(), fieldsWithFallback(c, renderer)));
    }

    private static Sample render(Handle h, Campaign c, CampaignRenderer renderer, Instant now, Long supporterId,
                                 String language) {
        CampaignRenderer.Recipient recipient = new CampaignRenderer.Recipient(null, null, null, null, language);
        Instant lastInstructed = null;
        if (supporterId != null) {
            Supporter s = h.attach(SupporterDao.class).find(supporterId).orElseThrow();
            recipient = new CampaignRenderer.Recipient(s.firstName(), s.lastName(), s.state(), s.county(), s.language());
            lastInstructed = h.attach(OutboxDao.class).lastInstructed(new long[] {supporterId}).get(supporterId);
        }
        CampaignRenderer.Rendered r = CampaignService.render(renderer, c, recipient,
                renderer.footer().appliesTo(c) && renderer.footer().due(lastInstructed, now));
        SmsSegments.Count segments = r.smsBody() == null ? null : SmsSegments.count(r.smsBody());
        return new Sample(supporterId, r.smsBody(), segments == null ? null : segments.segments(),
                segments == null ? null : segments.encoding(), r.smsBody() == null ? null : r.smsFooter(),
                r.subject(), r.text(), r.html());
    }

    private static Set<String> templateLanguages(Campaign c) {
        Set<String> languages = new TreeSet<>();
        if (c.hasChannel("sms") && c.sms() != null && c.sms().body() != null) {
            languages.addAll(c.sms().body().keySet());
        }
        if (c.hasChannel("email") && c.email() != null) {
            for (Map<String, String> part : new ArrayList<>(java.util.Arrays.asList(c.email().subject(), c.email().text(), c.email().html()))) {
                if (part != null) {
                    languages.addAll(part.keySet());
                }
            }
        }
        languages.add("en");
        return languages;
    }

    /** The variants that decide a channel's language: the SMS body, the email's plain text. */
    private static Map<String, ?> variants(Campaign c, String channel) {
        if ("sms".equals(channel)) {
            return c.sms() == null || c.sms().body() == null ? Map.of() : c.sms().body();
        }
        return c.email() == null || c.email().text() == null ? Map.of() : c.email().text();
    }

    private static List<MergeField> fieldsWithFallback(Campaign c, CampaignRenderer renderer) {
        Set<String> names = new TreeSet<>();
        forEachTemplate(c, (language, template, html) ->
                names.addAll(Fallbacks.expand(template, renderer.settings().fallbacksFor(language), html).withFallback()));
        return names.stream().map(MergeField::named).flatMap(java.util.Optional::stream).toList();
    }

    interface TemplateVisitor {
        void visit(String language, String template, boolean html);
    }

    static void forEachTemplate(Campaign c, TemplateVisitor visitor) {
        List<Map<String, String>> plain = new ArrayList<>();
        if (c.hasChannel("sms") && c.sms() != null) {
            plain.add(c.sms().body());
        }
        if (c.hasChannel("email") && c.email() != null) {
            plain.add(c.email().subject());
            plain.add(c.email().text());
            if (c.email().html() != null) {
                c.email().html().forEach((l, t) -> visitor.visit(l, t, true));
            }
        }
        plain.stream().filter(java.util.Objects::nonNull).forEach(m -> m.forEach((l, t) -> visitor.visit(l, t, false)));
    }
}
