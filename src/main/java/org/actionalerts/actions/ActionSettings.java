package org.actionalerts.actions;

import io.dropwizard.util.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Short links, clicks and action replies. See README "Take Action".
 *
 * @param previewAgents   parts of a User-Agent (any case) that mark a link-preview fetcher or crawler: its visit
 *                        redirects but is not a click
 * @param linkCache       codes whose redirect is kept in memory, so redirects go on while the database is slow or down
 * @param clickFlush      how often clicks waiting in memory are written (one statement for all of them)
 * @param maxPendingClicks clicks kept in memory while they cannot be written; beyond, they are dropped and counted
 *                        in the metric {@code actions.clicks.lost}
 * @param thankYou        an answer to an action reply, by language ("en" the fallback); off unless enabled
 */
public record ActionSettings(List<String> previewAgents, int linkCache, Duration clickFlush, int maxPendingClicks,
                             ThankYou thankYou) {
    public record ThankYou(boolean enabled, Map<String, String> texts) {
        public String text(String language) {
            if (texts == null) {
                return null;
            }
            String own = language == null ? null : texts.get(language);
            return own != null ? own : texts.get("en");
        }
    }

    public static final List<String> PREVIEW_AGENTS = List.of("facebookexternalhit", "Facebot", "Twitterbot",
            "Slackbot", "Slack-ImgProxy", "WhatsApp", "Discordbot", "TelegramBot", "LinkedInBot", "SkypeUriPreview",
            "Applebot", "iMessage", "Google-PageRenderer", "Googlebot", "bingbot", "redditbot", "Pinterestbot", "Embedly",
            "vkShare", "crawler", "spider", "Preview");

    public static final ActionSettings DEFAULTS = new ActionSettings(PREVIEW_AGENTS, 200_000,
            Duration.milliseconds(200), 1_000_000,
            new ThankYou(false, Map.of("en", "Thank you for taking action!", "es", "¡Gracias por actuar!")));

    public ActionSettings {
        previewAgents = previewAgents == null ? PREVIEW_AGENTS : List.copyOf(previewAgents);
        linkCache = linkCache <= 0 ? DEFAULTS_CACHE : linkCache;
        clickFlush = clickFlush == null ? Duration.milliseconds(200) : clickFlush;
        maxPendingClicks = maxPendingClicks <= 0 ? 1_000_000 : maxPendingClicks;
        thankYou = thankYou == null ? new ThankYou(false, Map.of()) : thankYou;
    }

    private static final int DEFAULTS_CACHE = 200_000;

    /** Whether this User-Agent is a link-preview fetcher (null or empty: not one; a person's browser sends one). */
    public boolean isPreview(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return false;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String agent : previewAgents) {
            if (!agent.isBlank() && ua.contains(agent.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
