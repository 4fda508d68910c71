package org.actionalerts.delivery;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.actionalerts.consent.Channel;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a campaign that is burning its list: when, among the latest {@code window} outcomes of a campaign on one
 * channel, more than {@code maxFailureShare} failed — carrier filtering (Twilio 30007) or a permanent failure —
 * the campaign pauses itself with a reason staff can read. Looked at on each failure (sending or a status
 * callback), through the campaign's outcome index. A carrier-level opt-out (21610) is the person's choice, not a
 * deliverability problem, and does not count. At least {@code minSends} outcomes are needed before it judges.
 */
public final class DeliverabilityGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverabilityGuard.class);
    /** Twilio's codes as an outbox row stores them: an opt-out at the carrier is no failure of the campaign. */

    public record Settings(@Min(10) int window, @DecimalMin("0.01") @DecimalMax("1.0") double maxFailureShare,
                           @Min(1) int minSends) {
        public static final Settings DEFAULTS = new Settings(200, 0.20, 20);
    }

    private final Settings settings;
    private final CampaignOutcomes campaigns;

    /** {@code campaigns}: told to pause a campaign that fails too often. */
    public DeliverabilityGuard(Settings settings, CampaignOutcomes campaigns) {
        this.settings = settings == null ? Settings.DEFAULTS : settings;
        this.campaigns = campaigns;
    }

    /** A campaign message on {@code channel} just failed: pause the campaign if its latest sends fail too often. */
    public void failed(Handle h, long campaignId, Channel channel) {
        Map<String, Long> failures = new LinkedHashMap<>();
        long[] outcomes = {0};
        h.createQuery("""
                        SELECT status, error_code FROM outbox
                         WHERE campaign_id = :id AND channel = :channel AND kind = 'campaign'
                           AND status IN ('sent', 'delivered', 'failed')
                         ORDER BY id DESC LIMIT :window""")
                .bind("id", campaignId).bind("channel", channel.dbValue()).bind("window", settings.window())
                .map((rs, ctx) -> {
                    outcomes[0]++;
                    String code = rs.getString("error_code");
                    if (Status.of(rs.getString("status")) == Status.FAILED && !ProviderCodes.CARRIER_OPT_OUT.equals(code)) {
                        failures.merge(code == null ? "no code" : code, 1L, Long::sum);
                    }
                    return 0;
                }).list();
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        if (outcomes[0] < settings.minSends() || failed <= settings.maxFailureShare() * outcomes[0]) {
            return;
        }
        String codes = failures.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + (ProviderCodes.CARRIER_FILTERED.equals(e.getKey()) ? " carrier filtering" : "") + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        String reason = "Paused automatically: " + failed + " of the last " + outcomes[0] + " " + channel.dbValue()
                + " messages failed (" + codes + "), more than " + Math.round(settings.maxFailureShare() * 100)
                + " %; review the message text, the list and your sender registration before resuming";
        if (campaigns.pause(h, campaignId, reason)) {
            LOG.warn("Campaign {} paused: {} of its last {} {} messages failed", campaignId, failed, outcomes[0], channel.dbValue());
        }
    }
}
