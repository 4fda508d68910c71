package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.actionalerts.support.Generated;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Segment counts agree with length and encoding for any text: GSM-7 texts, emoji, extension characters, mixtures. */
@ExtendWith(Generated.Cases.class)
class SmsSegmentsProperties {
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void segmentsAreConsistentWithLengthAndEncoding(String label, String text) {
        SmsSegments.Count c = SmsSegments.count(text);
        String shown = Generated.show(text);
        if (text.isEmpty()) {
            assertThat(c.segments()).isZero();
            return;
        }
        boolean gsm = SmsSegments.isGsm7(text);
        assertThat(c.encoding()).as(shown).isEqualTo(gsm ? SmsSegments.GSM_7 : SmsSegments.UCS_2);
        int single = gsm ? 160 : 70;
        int perPart = gsm ? 153 : 67;
        if (gsm) {
            // Every character is one septet, or two for the extension table.
            assertThat(c.characters()).as(shown).isBetween(text.length(), 2 * text.length());
        } else {
            assertThat(c.characters()).as(shown).isEqualTo(text.length());
        }
        if (c.characters() <= single) {
            assertThat(c.segments()).as(shown).isEqualTo(1);
        } else {
            // Parts hold at most perPart units; greedy packing wastes at most one unit per part (an escape or a pair).
            assertThat((long) c.segments() * perPart).as(shown).isGreaterThanOrEqualTo(c.characters());
            assertThat((long) c.segments() * (perPart - 1)).as(shown).isLessThan(c.characters() + perPart);
        }
    }

    static Stream<Arguments> segmentsAreConsistentWithLengthAndEncoding() {
        return Stream.concat(
                edges().stream().map(t -> Generated.edge(t.length() + " chars " + Generated.show(t.substring(0, Math.min(12, t.length()))), t)),
                Generated.cases("segmentsAreConsistentWithLengthAndEncoding", 300, SmsSegmentsProperties::text));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aLongerTextNeverCostsFewerSegmentsInTheSameEncoding(String label, String text, String more) {
        SmsSegments.Count shorter = SmsSegments.count(text);
        SmsSegments.Count longer = SmsSegments.count(text + more);
        if (shorter.encoding().equals(longer.encoding())) {
            assertThat(longer.segments()).as(Generated.show(text) + " + " + Generated.show(more))
                    .isGreaterThanOrEqualTo(shorter.segments());
        }
    }

    static Stream<Arguments> aLongerTextNeverCostsFewerSegmentsInTheSameEncoding() {
        List<String> edges = edges();
        Stream<Arguments> pairs = Stream.of(
                Generated.edge("both empty", "", ""),
                Generated.edge("160 + 1", "a".repeat(160), "b"),
                Generated.edge("159 + €", "a".repeat(159), "€"),
                Generated.edge("152 + € across a part", "a".repeat(152), "€" + "a".repeat(10)),
                Generated.edge("70 ñ + ñ", "ñ".repeat(70), "ñ"),
                Generated.edge("69 ñ + 😀", "ñ".repeat(69), "😀"),
                Generated.edge("66 ñ + 😀 across a part", "ñ".repeat(66) + "x".repeat(70), "😀"),
                Generated.edge("1,600 GSM + €", "a".repeat(1600), "€"),
                Generated.edge("1,600 UCS-2 + 😀", "ñ".repeat(1600), "😀"));
        Stream<Arguments> edgeWithEmpty = edges.stream().map(t -> Generated.edge(t.length() + " chars + empty", t, ""));
        return Stream.of(pairs, edgeWithEmpty,
                        Generated.cases("aLongerTextNeverCostsFewerSegmentsInTheSameEncoding", 200,
                                g -> new Object[] {text(g), text(g)}))
                .flatMap(s -> s);
    }

    /** Texts at the limits: empty, one part exactly, one unit over, two parts exactly, the extension table and pairs at the seams, 1,600 chars. */
    static List<String> edges() {
        return List.of("", "a", "€", "😀", "\uD83D", "\uDE00", "\n",
                "a".repeat(160), "a".repeat(161), "a".repeat(306), "a".repeat(307),
                "a".repeat(159) + "€", "€".repeat(80), "€".repeat(81), "a".repeat(152) + "€" + "a".repeat(10),
                "ñ".repeat(70), "ñ".repeat(71), "ñ".repeat(134), "ñ".repeat(135),
                "ñ".repeat(68) + "😀", "ñ".repeat(69) + "😀", "😀".repeat(35), "😀".repeat(36),
                "ñ".repeat(66) + "😀" + "ñ".repeat(10),
                "a".repeat(1600), "€".repeat(1600), "ñ".repeat(1600), "😀".repeat(800));
    }

    static String text(Generated g) {
        return g.oneOf(
                () -> g.string("abcXYZ019 .,!?@£$\n€^{}[]~|\\", 400),
                () -> g.string("abc ñáé€😀🛑\uD83D", 200),
                () -> g.anyString(300));
    }
}
