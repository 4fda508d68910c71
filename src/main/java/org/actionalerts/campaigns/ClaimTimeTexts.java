package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.actionalerts.delivery.CampaignOutcomes;
import org.actionalerts.delivery.CampaignTexts;
import org.jdbi.v3.core.Handle;

/**
 * Campaigns as delivery needs them when it claims their messages: the renderer behind {@link CampaignTexts}, and
 * the pause behind {@link CampaignOutcomes}.
 */
public final class ClaimTimeTexts implements CampaignTexts, CampaignOutcomes {
    private final CampaignRenderer renderer;

    public ClaimTimeTexts(CampaignRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Map<Long, Text> find(Handle h, long[] campaignIds) {
        Map<Long, Text> byId = new HashMap<>();
        if (campaignIds.length > 0) {
            h.attach(CampaignDao.class).findAll(campaignIds).forEach(c -> byId.put(c.id(), new Rendering(c)));
        }
        return byId;
    }

    @Override
    public boolean instructionsDue(Instant lastInstructed, Instant now) {
        return renderer.footer().due(lastInstructed, now);
    }

    @Override
    public boolean pause(Handle h, long campaignId, String reason) {
        return h.attach(CampaignDao.class).pauseIfSending(campaignId, reason) > 0;
    }

    private final class Rendering implements Text {
        private final Campaign campaign;

        Rendering(Campaign campaign) {
            this.campaign = campaign;
        }

        @Override
        public long id() {
            return campaign.id();
        }

        @Override
        public boolean tracksLinks() {
            return ActionLink.tracked(campaign);
        }

        @Override
        public boolean carriesFooter() {
            return renderer.footer().appliesTo(campaign);
        }

        @Override
        public Rendered render(Recipient r, boolean instructionsDue) {
            CampaignRenderer.Rendered rendered = renderer.render(campaign, new CampaignRenderer.Recipient(
                    r.firstName(), r.lastName(), r.state(), r.county(), r.language(), r.linkCode()), instructionsDue);
            return new Rendered(rendered.smsBody(), rendered.subject(), rendered.text(), rendered.html(),
                    rendered.smsInstructions());
        }
    }
}
