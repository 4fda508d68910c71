package org.actionalerts.accounts;

/** A person signed in to the web pages: who they are now, and the CSRF token their page sends with every change. */
public record Session(SessionUser user, String csrfToken) {
    /** The user as the contract shows them: never the password or the session's secret. */
    public record SessionUser(long id, String name, String email, Role role) {}
}
