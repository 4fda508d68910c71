package org.actionalerts.assistance;

import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The assistance queue: keywords that open a case by text, routing rules (first match wins, else
 * {@code defaultQueue}), words that make a request urgent, answer-time targets, and retention.
 *
 * @param slaUrgent        first-response target of urgent cases, a duration ("1h") or "N business days"
 * @param slaNormal        the same for normal cases
 * @param businessTimeZone where business days are counted (weekends skipped)
 * @param reopenWindow     a requester's text within this time after their case was resolved reopens it; later, a
 *                         keyword opens a new case and other texts are ordinary replies
 * @param retentionDays    thread bodies and notes of cases resolved longer ago than this are erased
 * @param urgentPages      how pages to on-call attorneys are grouped
 */
public record AssistanceSettings(@NotBlank String defaultQueue, @NotEmpty List<String> topics,
                                 @NotEmpty List<String> keywords, @NotNull List<String> urgentWords,
                                 @NotNull @Valid List<RoutingRule> rules, @NotBlank String slaUrgent,
                                 @NotBlank String slaNormal, @NotBlank String businessTimeZone,
                                 @NotNull Duration reopenWindow, @Min(1) int retentionDays, boolean retentionJob,
                                 @NotNull @Valid HelpRequestSettings helpRequests,
                                 @NotNull @Valid UrgentPageSettings urgentPages) {

    public AssistanceSettings {
        // A config.yml from before urgent pages were grouped gets the default grouping.
        urgentPages = urgentPages == null ? UrgentPageSettings.DEFAULTS : urgentPages;
    }

    public static final AssistanceSettings DEFAULTS = new AssistanceSettings("state-local-advocacy",
            List.of("detainer", "287g", "secure-communities", "criminal-alien-program", "general"),
            List.of("LEGAL", "ASSIST", "AYUDA LEGAL", "ABOGADO"),
            List.of("detained", "arrested", "ICE is here", "ICE came", "raid", "detenido", "detenida", "arrestado",
                    "arrestada", "la migra", "redada", "ICE esta aqui"),
            List.of(), "1h", "2 business days", "America/New_York", Duration.days(14), 365, true,
            HelpRequestSettings.DEFAULTS, UrgentPageSettings.DEFAULTS);

    /**
     * Limits of the public help-request form.
     *
     * @param perClient         requests one client (an IPv4 address, an IPv6 /64) may make per {@code window}
     * @param trustedProxies    our own reverse proxies, comma-separated addresses and CIDR blocks
     *                          ({@link TrustedProxies}): only from them is X-Forwarded-For believed
     * @param trustForwardedFor replaced by {@code trustedProxies}; still read so that a deployment that sets it is
     *                          told (see {@link #proxies()}) instead of silently losing its proxy setting
     */
    public record HelpRequestSettings(@Min(1) int perClient, @NotNull Duration window, String trustedProxies,
                                      boolean trustForwardedFor, @Min(512) int maxBodyBytes,
                                      @Min(100) int maxMessageChars) {
        public static final HelpRequestSettings DEFAULTS =
                new HelpRequestSettings(5, Duration.hours(1), "", false, 16_384, 5000);

        /**
         * The trusted proxies, refusing to start on a malformed entry, or on the old {@code TRUST_FORWARDED_FOR=true}
         * without {@code TRUSTED_PROXIES}: believing every peer would let anyone pick their address, and believing
         * none would put every client behind the proxy into one budget. Both set: the old one is ignored.
         */
        public TrustedProxies proxies() {
            TrustedProxies proxies = TrustedProxies.parse(trustedProxies);
            if (trustForwardedFor && proxies.isEmpty()) {
                throw new IllegalStateException("TRUST_FORWARDED_FOR (assistance.helpRequests.trustForwardedFor) is "
                        + "replaced by TRUSTED_PROXIES: set TRUSTED_PROXIES to your reverse proxies' addresses or CIDR "
                        + "blocks (e.g. 10.0.0.0/8 or 127.0.0.1) and unset TRUST_FORWARDED_FOR");
            }
            return proxies;
        }
    }

    /**
     * Pages about urgent cases, per queue: the first urgent case of a quiet queue pages at once, the ones that follow
     * within {@code window} are counted and told in one page at its end ({@code 0s}: every case pages at once).
     *
     * @param checkEvery how often each instance looks for a window that has ended (one instance sends its page)
     */
    public record UrgentPageSettings(@NotNull Duration window, @NotNull Duration checkEvery) {
        public static final UrgentPageSettings DEFAULTS = new UrgentPageSettings(Duration.minutes(5), Duration.seconds(15));
    }
}
