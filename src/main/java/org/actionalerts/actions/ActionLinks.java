package org.actionalerts.actions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.actionalerts.campaigns.ActionLink;
import org.actionalerts.consent.Channel;
import org.actionalerts.delivery.ShortLinks;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The recipients' short links: made at claim time (a few statements per claim, never one per row), and looked up
 * by the redirect through a cache, so a link that was clicked or made on this instance keeps redirecting while
 * the database is slow or down. Codes come from {@link SecureRandom}, not from ids: a code says nothing about its
 * campaign or recipient, and cannot be guessed from another.
 */
class ActionLinks implements ShortLinks {
    /** Where a code leads; {@code supporterId} null for a test send's link (not counted). */
    public record Target(String code, long campaignId, Long supporterId, String channel, String location) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbi jdbi;
    private final Cache<String, Target> known;
    /** Codes looked up and not found, for a short while: guessing codes does not reach the database each time. */
    private final Cache<String, Boolean> unknown = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30)).build();
    /** Campaign id → action URL, for links made here (campaigns never change their URL). */
    private final Cache<Long, String> actionUrls = Caffeine.newBuilder().maximumSize(10_000).build();

    public ActionLinks(Jdbi jdbi, int cacheSize) {
        this.jdbi = jdbi;
        this.known = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    static String newCode() {
        char[] code = new char[ActionLink.LENGTH];
        for (int i = 0; i < code.length; i++) {
            code[i] = ActionLink.ALPHABET.charAt(RANDOM.nextInt(ActionLink.ALPHABET.length()));
        }
        return new String(code);
    }

    /** Where this code leads: from memory when we can, else from the database (which may throw when it is down). */
    public Optional<Target> find(String code) {
        if (code == null || code.length() != ActionLink.LENGTH || !code.chars().allMatch(c -> ActionLink.ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        Target cached = known.getIfPresent(code);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (unknown.getIfPresent(code) != null) {
            return Optional.empty();
        }
        Optional<Target> found = jdbi.withHandle(h -> h.createQuery("""
                        SELECT l.code, l.campaign_id, l.supporter_id, l.channel, c.action_url
                          FROM action_links l JOIN campaigns c ON c.id = l.campaign_id
                         WHERE l.code = :code AND c.action_url IS NOT NULL""")
                .bind("code", code)
                .map((rs, ctx) -> target(rs.getString("code"), rs.getLong("campaign_id"),
                        rs.getObject("supporter_id", Long.class), rs.getString("channel"), rs.getString("action_url")))
                .findOne());
        found.ifPresentOrElse(t -> known.put(code, t), () -> unknown.put(code, Boolean.TRUE));
        return found;
    }

    @Override
    public Map<Key, String> codes(Handle h, Collection<Key> keys, Instant now) {
        Map<Key, String> codes = existing(h, keys);
        List<Key> missing = keys.stream().distinct().filter(k -> !codes.containsKey(k)).toList();
        for (int attempt = 0; attempt < 3 && !missing.isEmpty(); attempt++) {
            Map<String, Key> made = new HashMap<>();
            missing.forEach(k -> made.put(newCode(), k));
            insert(h, made, now);
            codes.putAll(existing(h, missing)); // ours, or (a code collision) none yet: then another try
            missing = missing.stream().filter(k -> !codes.containsKey(k)).toList();
        }
        remember(h, codes);
        return codes;
    }

    @Override
    public String testCode(Handle h, long campaignId, Channel channel, Instant now) {
        String code = newCode();
        h.createUpdate("INSERT INTO action_links (code, campaign_id, supporter_id, channel, created_at)"
                        + " VALUES (:code, :c, NULL, :ch, :now)")
                .bind("code", code).bind("c", campaignId).bind("ch", channel.dbValue()).bind("now", now).execute();
        return code;
    }

    private static Map<Key, String> existing(Handle h, Collection<Key> keys) {
        Map<Key, String> codes = new HashMap<>();
        if (keys.isEmpty()) {
            return codes;
        }
        Columns c = Columns.of(keys);
        h.createQuery("""
                        SELECT l.code, l.campaign_id, l.supporter_id, l.channel
                          FROM unnest(CAST(:campaigns AS bigint[]), CAST(:supporters AS bigint[]), CAST(:channels AS text[]))
                               AS k(campaign_id, supporter_id, channel)
                          JOIN action_links l ON l.campaign_id = k.campaign_id AND l.supporter_id = k.supporter_id
                                             AND l.channel = k.channel""")
                .bind("campaigns", c.campaigns).bind("supporters", c.supporters).bind("channels", c.channels)
                .map((rs, ctx) -> Map.entry(new Key(rs.getLong("campaign_id"), rs.getLong("supporter_id"),
                        Channel.of(rs.getString("channel"))), rs.getString("code")))
                .forEach(e -> codes.put(e.getKey(), e.getValue()));
        return codes;
    }

    private static void insert(Handle h, Map<String, Key> made, Instant now) {
        List<String> codes = new ArrayList<>(made.keySet());
        Columns c = Columns.of(codes.stream().map(made::get).toList());
        h.createUpdate("""
                        INSERT INTO action_links (code, campaign_id, supporter_id, channel, created_at)
                        SELECT v.code, v.campaign_id, v.supporter_id, v.channel, :now
                          FROM unnest(CAST(:codes AS text[]), CAST(:campaigns AS bigint[]), CAST(:supporters AS bigint[]),
                                      CAST(:channels AS text[])) AS v(code, campaign_id, supporter_id, channel)
                        ON CONFLICT DO NOTHING""")
                .bind("codes", codes.toArray(String[]::new)).bind("campaigns", c.campaigns)
                .bind("supporters", c.supporters).bind("channels", c.channels).bind("now", now).execute();
    }

    /** Links just made or reused on this instance are in memory before their texts leave. */
    private void remember(Handle h, Map<Key, String> codes) {
        codes.forEach((key, code) -> {
            String url = actionUrls.get(key.campaignId(), id -> h.createQuery(
                    "SELECT action_url FROM campaigns WHERE id = :id").bind("id", id).mapTo(String.class).findOne().orElse(null));
            if (url != null) {
                known.put(code, target(code, key.campaignId(), key.supporterId(), key.channel().dbValue(), url));
            }
        });
    }

    private static Target target(String code, long campaignId, Long supporterId, String channel, String actionUrl) {
        return new Target(code, campaignId, supporterId, channel, Redirects.withUtm(actionUrl, channel, campaignId));
    }

    private record Columns(long[] campaigns, long[] supporters, String[] channels) {
        static Columns of(Collection<Key> keys) {
            long[] campaigns = new long[keys.size()];
            long[] supporters = new long[keys.size()];
            String[] channels = new String[keys.size()];
            int i = 0;
            for (Key k : keys) {
                campaigns[i] = k.campaignId();
                supporters[i] = k.supporterId();
                channels[i] = k.channel().dbValue();
                i++;
            }
            return new Columns(campaigns, supporters, channels);
        }
    }
}
