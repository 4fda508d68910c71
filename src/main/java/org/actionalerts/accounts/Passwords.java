package org.actionalerts.accounts;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Password hashing with BCrypt (cost 12): slow on purpose, unlike token hashing, since people choose passwords. */
final class Passwords {
    public static final int MIN_LENGTH = 12;
    /** BCrypt reads at most 72 bytes; a longer password would be silently cut. */
    public static final int MAX_BYTES = 72;
    private static final BCryptPasswordEncoder ENCODER = new BCryptPasswordEncoder(12);

    private Passwords() {}

    /** Null when acceptable, else what is wrong. */
    public static String problem(String password) {
        if (password.length() < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes";
        }
        return null;
    }

    public static String hash(String password) {
        return ENCODER.encode(password);
    }

    public static boolean matches(String password, String hash) {
        return hash != null && ENCODER.matches(password, hash);
    }
}
