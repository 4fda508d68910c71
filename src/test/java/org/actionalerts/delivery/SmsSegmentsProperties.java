package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Segment counts agree with length and encoding for any text: GSM-7 texts, emoji, extension characters, mixtures. */
class SmsSegmentsProperties {
    @Property(tries = 300)
    void segmentsAreConsistentWithLengthAndEncoding(@ForAll("texts") String text) {
        SmsSegments.Count c = SmsSegments.count(text);
        if (text.isEmpty()) {
            assertThat(c.segments()).isZero();
            return;
        }
        boolean gsm = SmsSegments.isGsm7(text);
        assertThat(c.encoding()).isEqualTo(gsm ? SmsSegments.GSM_7 : SmsSegments.UCS_2);
        int single = gsm ? 160 : 70;
        int perPart = gsm ? 153 : 67;
        if (gsm) {
            // Every character is one septet, or two for the extension table.
            assertThat(c.characters()).isBetween(text.length(), 2 * text.length());
        } else {
            assertThat(c.characters()).isEqualTo(text.length());
        }
        if (c.characters() <= single) {
            assertThat(c.segments()).isEqualTo(1);
        } else {
            // Parts hold at most perPart units; greedy packing wastes at most one unit per part (an escape or a pair).
            assertThat((long) c.segments() * perPart).isGreaterThanOrEqualTo(c.characters());
            assertThat((long) c.segments() * (perPart - 1)).isLessThan(c.characters() + perPart);
        }
    }

    @Property(tries = 200)
    void aLongerTextNeverCostsFewerSegmentsInTheSameEncoding(@ForAll("texts") String text, @ForAll("texts") String more) {
        SmsSegments.Count shorter = SmsSegments.count(text);
        SmsSegments.Count longer = SmsSegments.count(text + more);
        if (shorter.encoding().equals(longer.encoding())) {
            assertThat(longer.segments()).isGreaterThanOrEqualTo(shorter.segments());
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> gsm = Arbitraries.strings().withChars("abcXYZ019 .,!?@£$\n€^{}[]~|\\").ofMaxLength(400);
        Arbitrary<String> mixed = Arbitraries.strings().withChars("abc ñáé€😀🛑\uD83D").ofMaxLength(200);
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(300);
        return Arbitraries.oneOf(gsm, mixed, any);
    }
}
