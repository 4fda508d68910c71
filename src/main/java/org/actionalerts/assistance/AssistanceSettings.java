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
 */
public record AssistanceSettings(@NotBlank String defaultQueue, @NotEmpty List<String> topics,
                                 @NotEmpty List<String> keywords, @NotNull List<String> urgentWords,
                                 @NotNull @Valid List<RoutingRule> rules, @NotBlank String slaUrgent,
                                 @NotBlank String slaNormal, @NotBlank String businessTimeZone,
                                 @NotNull Duration reopenWindow, @Min(1) int retentionDays, boolean retentionJob,
                                 @NotNull @Valid HelpRequestSettings helpRequests) {

    public static final AssistanceSettings DEFAULTS = new AssistanceSettings("state-local-advocacy",
            List.of("detainer", "287g", "secure-communities", "criminal-alien-program", "general"),
            List.of("LEGAL", "ASSIST", "AYUDA LEGAL", "ABOGADO"),
            List.of("detained", "arrested", "ICE is here", "ICE came", "raid", "detenido", "detenida", "arrestado",
                    "arrestada", "la migra", "redada", "ICE esta aqui"),
            List.of(), "1h", "2 business days", "America/New_York", Duration.days(14), 365, true,
            HelpRequestSettings.DEFAULTS);

    /**
     * Limits of the public help-request form.
     *
     * @param perClient         requests one client address may make per {@code window}
     * @param trustForwardedFor take the client address from the right-most X-Forwarded-For entry (the one our own
     *                          proxy added); only behind a proxy that sets it, or anyone could pick their address
     */
    public record HelpRequestSettings(@Min(1) int perClient, @NotNull Duration window, boolean trustForwardedFor,
                                      @Min(512) int maxBodyBytes, @Min(100) int maxMessageChars) {
        public static final HelpRequestSettings DEFAULTS =
                new HelpRequestSettings(5, Duration.hours(1), false, 16_384, 5000);
    }
}
