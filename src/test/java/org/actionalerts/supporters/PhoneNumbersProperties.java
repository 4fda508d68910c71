package org.actionalerts.supporters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.actionalerts.support.Generated;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Phone normalisation on any text: never throws, gives E.164 or nothing, and every way of writing a number agrees. */
@ExtendWith(Generated.Cases.class)
class PhoneNumbersProperties {
    static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9]\\d{6,14}");

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anyTextIsE164OrNothingAndNormalisingTwiceChangesNothing(String label, String text) {
        Optional<String> once = PhoneNumbers.toE164(text);
        once.ifPresent(e164 -> {
            assertThat(e164).as(Generated.show(text)).matches(E164);
            assertThat(PhoneNumbers.toE164(e164)).as(Generated.show(text)).contains(e164);
            assertThat(PhoneNumbers.fromCarrier(e164)).as(Generated.show(text)).contains(e164);
        });
        PhoneNumbers.fromCarrier(text).ifPresent(e164 -> assertThat(e164).as(Generated.show(text)).matches(E164));
    }

    static Stream<Arguments> anyTextIsE164OrNothingAndNormalisingTwiceChangesNothing() {
        return Stream.concat(
                Stream.of("", " ", "\t", "\u00a0", "+", "++1", "()", "x", "ext", "#", "*", "0", "1", "+1", "+0",
                                "13015654807", "+13015654807", "(301) 565-4807", "301 565 4807 ext 12", "301.565.4807x#",
                                "+1 (301) 565-4807\u00a0", "0".repeat(24), "9".repeat(24), "+" + "1".repeat(23),
                                "+44 20 7946 0958", "+999999999999999", "1-800-FLOWERS")
                        .map(t -> Generated.edge(Generated.show(t), t)),
                Generated.cases("anyTextIsE164OrNothingAndNormalisingTwiceChangesNothing", 300,
                        g -> g.string("0123456789+-(). \t\u00a0x#*ext", 24)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anyUnicodeTextNeverThrows(String label, String text) {
        PhoneNumbers.toE164(text).ifPresent(e164 -> assertThat(e164).as(Generated.show(text)).matches(E164));
        PhoneNumbers.fromCarrier(text).ifPresent(e164 -> assertThat(e164).as(Generated.show(text)).doesNotContainAnyWhitespaces());
    }

    static Stream<Arguments> anyUnicodeTextNeverThrows() {
        return Stream.concat(
                Stream.of("", "\u0000", "\uD800", "\uFFFF", "+1301565480\u0667", "+１３０１５６５４８０７", "٣٠١٥٦٥٤٨٠٧",
                                "+13015654807\u2028", "\u202E+13015654807", "😀".repeat(100), "+1" + "\u0300".repeat(10))
                        .map(t -> Generated.edge(Generated.show(t), t)),
                Generated.cases("anyUnicodeTextNeverThrows", 200, g -> g.anyString(255)));
    }

    /**
     * An assigned number gives the same E.164 however it is written; one not assigned (not every NXX-NXX is) is
     * refused in every form. Both are checked: the canonical form may be empty, and then so must every other be.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyUsualWayOfWritingAUsNumberGivesTheSameE164(String label, String area, String exchange, String line) {
        Optional<String> canonical = PhoneNumbers.toE164("+1" + area + exchange + line);
        for (String written : new String[] {
                "(" + area + ") " + exchange + "-" + line,
                area + "." + exchange + "." + line,
                area + exchange + line,
                "1" + area + exchange + line,
                "+1 " + area + " " + exchange + " " + line,
                "  +1-" + area + "-" + exchange + "-" + line + "  "}) {
            assertThat(PhoneNumbers.toE164(written)).as(written).isEqualTo(canonical);
        }
    }

    static final String[] AREAS = {"202", "212", "301", "305", "312", "415", "617", "713", "919"};

    static Stream<Arguments> everyUsualWayOfWritingAUsNumberGivesTheSameE164() {
        return Stream.concat(
                Stream.of(new String[] {"301", "200", "0000"}, new String[] {"919", "999", "9999"},
                                new String[] {"202", "555", "0100"}, new String[] {"212", "210", "0001"})
                        .map(p -> Generated.edge(String.join("-", p), (Object[]) p)),
                Generated.cases("everyUsualWayOfWritingAUsNumberGivesTheSameE164", 200, g -> {
                    String exchange;
                    do {
                        exchange = String.valueOf(g.intBetween(200, 999));
                    } while (exchange.endsWith("11"));
                    return new Object[] {g.pick(AREAS), exchange, String.format("%04d", g.intBetween(0, 9999))};
                }));
    }
}
