package org.actionalerts.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.actionalerts.support.Generated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Keyword matching on any text: never throws; opt-outs survive any folding; one extra word makes a reply. */
@ExtendWith(Generated.Cases.class)
class KeywordsProperties {
    static final Keywords KEYWORDS = new Keywords(InboundSettings.DEFAULTS);
    static final PhraseMatcher OPT_OUT = new PhraseMatcher(InboundSettings.DEFAULTS.optOutKeywords(),
            InboundSettings.DEFAULTS.politeWords());
    static final List<String> OPT_OUT_KEYWORDS = List.copyOf(InboundSettings.DEFAULTS.optOutKeywords());

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anyTextHasAMeaningAndFoldingDoesNotChangeIt(String label, String text) {
        String shown = Generated.show(text);
        Keywords.Meaning meaning = KEYWORDS.meaning(text);
        assertThat(meaning).as(shown).isNotNull();
        assertThat(PhraseMatcher.words(PhraseMatcher.fold(text))).as(shown).isEqualTo(PhraseMatcher.words(text));
        assertThat(OPT_OUT.matches(PhraseMatcher.fold(text))).as(shown).isEqualTo(OPT_OUT.matches(text));
        assertThat(Keywords.normalise(Keywords.normalise(text))).as(shown).isEqualTo(Keywords.normalise(text));
    }

    static Stream<Arguments> anyTextHasAMeaningAndFoldingDoesNotChangeIt() {
        return Stream.concat(
                Stream.of("", " ", "\u0000", "\uD83D", "\uDE00", "STOP", "stop\u0301", "ＳＴＯＰ", "ﬆop", "STOP \u0374",
                                "Stop\u0374", "don\u0374t text me", "\u202Estop", "s\u200Bt\u200Bo\u200Bp", "STOP😀",
                                "\u0130", "ß", "ǅ", "x".repeat(1600))
                        .map(t -> Generated.edge(Generated.show(t), t)),
                Generated.cases("anyTextHasAMeaningAndFoldingDoesNotChangeIt", 300, g -> g.anyString(255)));
    }

    /** Found by the property above: U+0374 decomposes to an apostrophe (U+02B9), which was kept as a word. */
    @Test
    void anApostropheThatOnlyAppearsWhenDecomposedIsDroppedToo() {
        assertThat(PhraseMatcher.words("STOP \u0374")).containsExactly("STOP");
        assertThat(KEYWORDS.meaning("Stop\u0374")).isEqualTo(Keywords.Meaning.OPT_OUT);
        assertThat(PhraseMatcher.words("don\u0374t text me")).containsExactly("DONT", "TEXT", "ME");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anOptOutKeywordInAnyCaseWithPunctuationEmojiAndCourtesyStillOptsOut(String label, String text) {
        assertThat(KEYWORDS.meaning(text)).as(Generated.show(text)).isEqualTo(Keywords.Meaning.OPT_OUT);
    }

    static final String[] DECORATIONS = {"", " ", "!", "!!", ".", "?", " 🛑", "\n", "  ", "\t", "…", "¡", " :("};
    static final String[] COURTESIES = {"", "please ", "Please, ", "por favor ", "thanks "};

    static Stream<Arguments> anOptOutKeywordInAnyCaseWithPunctuationEmojiAndCourtesyStillOptsOut() {
        // Every keyword bare, in lower and upper case, then random decorations and courtesies.
        Stream<Arguments> bare = OPT_OUT_KEYWORDS.stream().flatMap(k -> Stream.of(k, k.toLowerCase(), k.toUpperCase(), randomCase(k)))
                .distinct().map(k -> Generated.edge(Generated.show(k), k));
        return Stream.concat(bare, Generated.cases("anOptOutKeywordInAnyCaseWithPunctuationEmojiAndCourtesyStillOptsOut", 300,
                g -> g.pick(COURTESIES) + g.pick(DECORATIONS) + randomCase(g.pick(OPT_OUT_KEYWORDS)) + g.pick(DECORATIONS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anOptOutKeywordWithAnyOtherWordIsAReply(String label, String text) {
        assertThat(KEYWORDS.meaning(text)).as(Generated.show(text)).isNotEqualTo(Keywords.Meaning.OPT_OUT);
    }

    static final String[] WORDS = {"ICE", "raids", "deportations", "now", "vigil", "sheriff", "the", "tomorrow", "march",
            "detention"};

    static Stream<Arguments> anOptOutKeywordWithAnyOtherWordIsAReply() {
        return Generated.cases("anOptOutKeywordWithAnyOtherWordIsAReply", 300, g -> {
            String k = randomCase(g.pick(OPT_OUT_KEYWORDS));
            String w = g.pick(WORDS);
            return g.bool() ? k + " " + w : w + " " + k;
        });
    }

    private static String randomCase(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append((i * 31 + s.length()) % 3 == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return b.toString();
    }
}
