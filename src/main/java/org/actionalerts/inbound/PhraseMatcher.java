package org.actionalerts.inbound;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whether a whole text says nothing but one or more of a set of phrases, with courtesy words ("please",
 * "por favor", "thanks", "gracias") allowed before, after and between them.
 *
 * <p>Texts and phrases are folded the same way, see {@link #words}: upper case in {@link Locale#ROOT} (never the
 * default locale, so a Turkish server still reads "quit" as QUIT), accents and other marks removed, compatibility
 * forms (full-width letters, ligatures) decomposed, apostrophes of every kind (' ’ ‘ ʼ ` ´) dropped so "don't" is
 * "dont", and everything else that is not a letter or a digit — punctuation, emoji, symbols, line breaks — taken as
 * a break between words.
 *
 * <p>A run of words matches a phrase when the words, written together without spaces, spell the phrase written
 * without spaces: "STOP ALL", "stop-all" and "StopAll" are all STOPALL; "opt out" and "opt-out" are OPTOUT;
 * "Stop2Quit" and "stop 2 quit" are STOP2QUIT. The text matches when every one of its words belongs to a phrase or
 * a courtesy word and at least one phrase is there. One word more is enough for a text to be a reply:
 * "STOP ICE raids now!", "stop the deportations", "please don't stop texting me".
 */
final class PhraseMatcher {
    /** Longer texts are never a keyword; the bound keeps the matching cheap on a 1,600-character text. */
    static final int MAX_WORDS = 40;

    private static final Pattern APOSTROPHES = Pattern.compile("['\u2018\u2019\u201B\u02BC\u02B9\u0060\u00B4\u2032\uFF07]");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Set<String> phrases;
    private final Set<String> courtesies;
    private final int longest;

    PhraseMatcher(Collection<String> phrases, Collection<String> courtesies) {
        this.phrases = joinedAll(phrases);
        this.courtesies = joinedAll(courtesies);
        this.longest = java.util.stream.Stream.concat(this.phrases.stream(), this.courtesies.stream())
                .mapToInt(String::length).max().orElse(0);
    }

    /** The folded words of a text (see the class comment); none for null or a text of punctuation and emoji. */
    static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        // Upper case first: a few letters only gain an accent or an apostrophe when upper-cased ("ŉ" is "ʼN").
        String upper = text.toUpperCase(Locale.ROOT);
        String noApostrophes = APOSTROPHES.matcher(upper).replaceAll("");
        String plain = MARKS.matcher(Normalizer.normalize(noApostrophes, Normalizer.Form.NFKD)).replaceAll("");
        // NFKD may give back lower-case letters (a few compatibility forms): upper-case again. It may give back an
        // apostrophe too (the Greek numeral sign U+0374 is U+02B9): drop those as well, so folding twice changes nothing.
        String folded = APOSTROPHES.matcher(plain.toUpperCase(Locale.ROOT)).replaceAll("");
        return Arrays.stream(NOT_WORD.split(folded)).filter(w -> !w.isEmpty()).toList();
    }

    /** The folded words joined by single spaces: "¡No más mensajes!" is "NO MAS MENSAJES". */
    static String fold(String text) {
        return String.join(" ", words(text));
    }

    boolean matches(String text) {
        List<String> words = words(text);
        int n = words.size();
        if (n == 0 || n > MAX_WORDS || phrases.isEmpty()) {
            return false;
        }
        // covered[i]: how the first i words can be read — 0 not at all, 1 as courtesy words only, 2 with a phrase.
        byte[] covered = new byte[n + 1];
        covered[0] = 1;
        for (int start = 0; start < n; start++) {
            if (covered[start] == 0) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            for (int end = start; end < n; end++) {
                joined.append(words.get(end));
                if (joined.length() > longest) {
                    break;
                }
                String run = joined.toString();
                if (phrases.contains(run)) {
                    covered[end + 1] = 2;
                } else if (courtesies.contains(run)) {
                    covered[end + 1] = (byte) Math.max(covered[end + 1], covered[start]);
                }
            }
        }
        return covered[n] == 2;
    }

    private static Set<String> joinedAll(Collection<String> values) {
        return values == null ? Set.of() : values.stream().map(v -> String.join("", words(v)))
                .filter(v -> !v.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
