package org.actionalerts.accounts;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/** The {@code aa_session} cookie: HttpOnly, SameSite=Strict, Path=/, and Secure when the service is reached by https. */
public record SessionCookie(boolean secure) {
    public static final String NAME = "aa_session";

    /** Set-Cookie for a new session; no Max-Age: the browser forgets it when it closes, the server after its expiry. */
    public String set(String secret) {
        return NAME + "=" + secret + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** Set-Cookie that makes the browser forget the session. */
    public String clear() {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The secret the request's cookie carries, or null. */
    public static String secretOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                return c.getValue();
            }
        }
        return null;
    }
}
