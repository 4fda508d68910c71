package org.actionalerts.assistance;

import java.util.Collection;
import java.util.List;
import org.actionalerts.inbound.Keywords;

/** Matching of words and phrases in what people write, the same way inbound keywords are matched. */
final class Texts {
    private Texts() {}

    /** Upper case, accents and punctuation gone, single spaces (see {@link Keywords#normalise}). */
    static String normalise(String text) {
        return Keywords.normalise(text);
    }

    static List<String> normaliseAll(Collection<String> values) {
        return values == null ? List.of() : values.stream().map(Texts::normalise).filter(s -> !s.isEmpty()).toList();
    }

    /** Whether a normalised text contains one of the normalised phrases as whole words. */
    static boolean containsPhrase(String normalisedText, List<String> normalisedPhrases) {
        String padded = " " + normalisedText + " ";
        for (String phrase : normalisedPhrases) {
            if (padded.contains(" " + phrase + " ")) {
                return true;
            }
        }
        return false;
    }
}
