package org.actionalerts.campaigns;

import java.time.Clock;
import java.util.Map;
import org.actionalerts.consent.Channel;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.delivery.ShortLinks;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.supporters.SupporterFields;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** A campaign rendered with sample fields to a staff member's own phone or inbox, with a short link that counts nothing. */
final class TestSends {
    private final Jdbi jdbi;
    private final Clock clock;
    private final CampaignRenderer renderer;
    private final ShortLinks links;

    TestSends(Jdbi jdbi, Clock clock, CampaignRenderer renderer, ShortLinks links) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.renderer = renderer;
        this.links = links;
    }

    /** The ids of the outbox rows queued, by channel; 422 without an address the campaign has a channel for. */
    Map<String, Object> send(long id, CampaignService.TestSend request) {
        if (request == null || (blank(request.phone()) && blank(request.email()))) {
            throw ApiException.invalid("phone", "give a phone, an email or both");
        }
        SupporterFields fields = new SupporterFields();
        String phone = fields.phone("phone", request.phone());
        String email = fields.email("email", request.email());
        String language = fields.language("language", request.language());
        if (!fields.valid()) {
            throw ApiException.invalid(fields.errors());
        }
        return jdbi.inTransaction(h -> {
            Campaign c = CampaignService.find(h, id);
            // Shown as a first alert: with the compliance footer when the campaign carries one.
            String firstName = blank(request.firstName()) ? "Test" : request.firstName();
            Outbox outbox = new Outbox(clock);
            Map<String, Object> queued = new java.util.LinkedHashMap<>();
            if (phone != null && c.hasChannel("sms")) {
                CampaignRenderer.Rendered r = CampaignService.render(renderer, c, new CampaignRenderer.Recipient(
                        firstName, "", null, null, language, testCode(h, c, Channel.SMS)), true);
                queued.put("sms", outbox.testSend(h, id, Channel.SMS, phone, null, r.smsBody(), null));
            }
            if (email != null && c.hasChannel("email")) {
                CampaignRenderer.Rendered r = CampaignService.render(renderer, c, new CampaignRenderer.Recipient(
                        firstName, "", null, null, language, testCode(h, c, Channel.EMAIL)), true);
                queued.put("email", outbox.testSend(h, id, Channel.EMAIL, email,
                        "[TEST] " + r.subject(), r.text(), r.html()));
            }
            if (queued.isEmpty()) {
                throw ApiException.invalid("phone", "the campaign has no channel for the address given");
            }
            return Map.of("queued", queued);
        });
    }

    private String testCode(Handle h, Campaign c, Channel channel) {
        return ActionLink.tracked(c) ? links.testCode(h, c.id(), channel, clock.instant()) : null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
