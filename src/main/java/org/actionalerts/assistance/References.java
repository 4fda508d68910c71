package org.actionalerts.assistance;

import java.security.SecureRandom;

/**
 * Case references people can read aloud and type: "HR-7K3Q-92". No 0/O, 1/I/L or U/V: 29 characters, about
 * 29^6 = 600 million references, so a clash is rare and simply retried.
 */
final class References {
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private References() {}

    public static String next() {
        StringBuilder s = new StringBuilder("HR-");
        for (int i = 0; i < 6; i++) {
            if (i == 4) {
                s.append('-');
            }
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
