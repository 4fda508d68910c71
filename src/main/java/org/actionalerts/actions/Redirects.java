package org.actionalerts.actions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The action URL with the contract's UTM parameters, its own query kept (ours replace any of the same names). */
final class Redirects {
    private static final Set<String> OURS = Set.of("utm_source", "utm_medium", "utm_campaign");

    private Redirects() {}

    static String withUtm(String actionUrl, String channel, long campaignId) {
        int hash = actionUrl.indexOf('#');
        String fragment = hash >= 0 ? actionUrl.substring(hash) : "";
        String beforeFragment = hash >= 0 ? actionUrl.substring(0, hash) : actionUrl;
        int question = beforeFragment.indexOf('?');
        String base = question >= 0 ? beforeFragment.substring(0, question) : beforeFragment;
        StringBuilder query = new StringBuilder();
        if (question >= 0) {
            for (String pair : beforeFragment.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq >= 0 ? pair.substring(0, eq) : pair;
                if (!OURS.contains(name)) {
                    query.append(query.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        query.append(query.length() == 0 ? "" : "&")
                .append("utm_source=").append(URLEncoder.encode(channel, StandardCharsets.UTF_8))
                .append("&utm_medium=action-alert")
                .append("&utm_campaign=").append(campaignId);
        return base + "?" + query + fragment;
    }
}
