package org.actionalerts.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Keyword matching on any text: never throws; opt-outs survive any folding; one extra word makes a reply. */
class KeywordsProperties {
    static final Keywords KEYWORDS = new Keywords(InboundSettings.DEFAULTS);
    static final PhraseMatcher OPT_OUT = new PhraseMatcher(InboundSettings.DEFAULTS.optOutKeywords(),
            InboundSettings.DEFAULTS.politeWords());

    @Property(tries = 300)
    void anyTextHasAMeaningAndFoldingDoesNotChangeIt(@ForAll String text) {
        Keywords.Meaning meaning = KEYWORDS.meaning(text);
        assertThat(meaning).isNotNull();
        assertThat(PhraseMatcher.words(PhraseMatcher.fold(text))).isEqualTo(PhraseMatcher.words(text));
        assertThat(OPT_OUT.matches(PhraseMatcher.fold(text))).isEqualTo(OPT_OUT.matches(text));
        assertThat(Keywords.normalise(Keywords.normalise(text))).isEqualTo(Keywords.normalise(text));
    }

    /** Found by the property above: U+0374 decomposes to an apostrophe (U+02B9), which was kept as a word. */
    @Example
    void anApostropheThatOnlyAppearsWhenDecomposedIsDroppedToo() {
        assertThat(PhraseMatcher.words("STOP \u0374")).containsExactly("STOP");
        assertThat(KEYWORDS.meaning("Stop\u0374")).isEqualTo(Keywords.Meaning.OPT_OUT);
        assertThat(PhraseMatcher.words("don\u0374t text me")).containsExactly("DONT", "TEXT", "ME");
    }

    @Property(tries = 300)
    void anOptOutKeywordInAnyCaseWithPunctuationEmojiAndCourtesyStillOptsOut(@ForAll("decoratedOptOuts") String text) {
        assertThat(KEYWORDS.meaning(text)).as(text).isEqualTo(Keywords.Meaning.OPT_OUT);
    }

    @Property(tries = 300)
    void anOptOutKeywordWithAnyOtherWordIsAReply(@ForAll("optOutsWithAWordMore") String text) {
        assertThat(KEYWORDS.meaning(text)).as(text).isNotEqualTo(Keywords.Meaning.OPT_OUT);
    }

    @Provide
    Arbitrary<String> decoratedOptOuts() {
        Arbitrary<String> keyword = Arbitraries.of(List.copyOf(InboundSettings.DEFAULTS.optOutKeywords())).map(this::randomCase);
        Arbitrary<String> decoration = Arbitraries.of("", " ", "!", "!!", ".", "?", " 🛑", "\n", "  ", "\t", "…", "¡", " :(");
        Arbitrary<String> courtesy = Arbitraries.of("", "please ", "Please, ", "por favor ", "thanks ");
        return Combinators.combine(courtesy, decoration, keyword, decoration)
                .as((c, before, k, after) -> c + before + k + after);
    }

    @Provide
    Arbitrary<String> optOutsWithAWordMore() {
        Arbitrary<String> keyword = Arbitraries.of(List.copyOf(InboundSettings.DEFAULTS.optOutKeywords())).map(this::randomCase);
        Arbitrary<String> word = Arbitraries.of("ICE", "raids", "deportations", "now", "vigil", "sheriff",
                "the", "tomorrow", "march", "detention");
        return Combinators.combine(keyword, word, Arbitraries.of(true, false))
                .as((k, w, first) -> first ? k + " " + w : w + " " + k);
    }

    private String randomCase(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append((i * 31 + s.length()) % 3 == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return b.toString();
    }
}
