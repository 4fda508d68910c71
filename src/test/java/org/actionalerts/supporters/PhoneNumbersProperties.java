package org.actionalerts.supporters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Phone normalisation on any text: never throws, gives E.164 or nothing, and every way of writing a number agrees. */
class PhoneNumbersProperties {
    static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9]\\d{6,14}");

    @Property(tries = 300)
    void anyTextIsE164OrNothingAndNormalisingTwiceChangesNothing(@ForAll("phoneLike") String text) {
        Optional<String> once = PhoneNumbers.toE164(text);
        once.ifPresent(e164 -> {
            assertThat(e164).matches(E164);
            assertThat(PhoneNumbers.toE164(e164)).contains(e164);
            assertThat(PhoneNumbers.fromCarrier(e164)).contains(e164);
        });
        PhoneNumbers.fromCarrier(text).ifPresent(e164 -> assertThat(e164).matches(E164));
    }

    @Property(tries = 200)
    void anyUnicodeTextNeverThrows(@ForAll String text) {
        PhoneNumbers.toE164(text).ifPresent(e164 -> assertThat(e164).matches(E164));
        PhoneNumbers.fromCarrier(text).ifPresent(e164 -> assertThat(e164).doesNotContainAnyWhitespaces());
    }

    @Property(tries = 200)
    void everyUsualWayOfWritingAUsNumberGivesTheSameE164(@ForAll("usNumbers") String[] parts) {
        String area = parts[0];
        String exchange = parts[1];
        String line = parts[2];
        Optional<String> canonical = PhoneNumbers.toE164("+1" + area + exchange + line);
        Assume.that(canonical.isPresent()); // not every NXX-NXX is assigned; those are refused in every form
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

    @Provide
    Arbitrary<String> phoneLike() {
        return Arbitraries.strings().withChars("0123456789+-(). \t\u00a0x#*ext").ofMaxLength(24);
    }

    @Provide
    Arbitrary<String[]> usNumbers() {
        Arbitrary<String> area = Arbitraries.of("202", "212", "301", "305", "312", "415", "617", "713", "919");
        Arbitrary<String> exchange = Arbitraries.integers().between(200, 999).map(String::valueOf)
                .filter(x -> !x.endsWith("11"));
        Arbitrary<String> line = Arbitraries.integers().between(0, 9999).map(n -> String.format("%04d", n));
        return Combinators.combine(area, exchange, line).as((a, e, l) -> new String[] {a, e, l});
    }
}
