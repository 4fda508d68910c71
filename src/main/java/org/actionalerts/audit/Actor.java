package org.actionalerts.audit;

import org.actionalerts.accounts.Caller;

/** Who did something: a token (and the user it belongs to), the requester themself, or the service. */
public record Actor(Long tokenId, Long userId, String name) {
    public static final Actor REQUESTER = new Actor(null, null, "requester");
    public static final Actor RETENTION = new Actor(null, null, "retention");

    public static Actor of(Caller caller) {
        return new Actor(caller.tokenId(), caller.userId(), caller.getName());
    }
}
