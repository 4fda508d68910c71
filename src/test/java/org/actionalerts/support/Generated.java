package org.actionalerts.support;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded random values for property tests in plain JUnit: a {@code @ParameterizedTest(name = "{0}")} with a
 * {@code @MethodSource} that returns {@link #cases}, usually after a few {@link #edge} cases. Each case draws from
 * its own {@link SplittableRandom}, seeded from {@link #SEED}, the property's name and the case's number, so a case
 * comes out the same on every run, whatever runs before it. The first argument, shown as the display name, says
 * the seed and the case; run again with {@code -Dproperties.seed=N} to explore other values, or with the seed a
 * failure names to see it again. With {@code @ExtendWith(Generated.Cases.class)} a failing case's message starts
 * with its display name, as Maven's reports show only the case's number.
 */
public final class Generated {
    /** The seed every property starts from; {@code -Dproperties.seed=N} changes it. */
    public static final long SEED = Long.getLong("properties.seed", 20_251_101L);

    /** Characters that break naive text handling: controls, odd whitespace, combining marks, bidi, BOM, noncharacters. */
    static final int[] AWKWARD = {0x0, 0x1, 0x7, 0x8, 0x9, 0xA, 0xB, 0xC, 0xD, 0x1B, 0x7F, 0x80, 0x85, 0x9F, 0xA0,
            0xAD, 0x300, 0x301, 0x308, 0x374, 0x2B9, 0x200B, 0x200D, 0x200E, 0x202E, 0x2028, 0x2029, 0x2060, 0x3000,
            0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFE0F, 0x1F3FB, 0x10FFFF, 0xE000};

    private final SplittableRandom random;

    /** Puts the case ("seed=… #i" or "edge: …") and how to run it again in front of a failure's message. */
    public static final class Cases implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            String name = context.getDisplayName();
            if (!name.startsWith("seed=") && !name.startsWith("edge: ")) {
                throw failure;
            }
            AssertionError named = new AssertionError(name + " [" + context.getRequiredTestMethod().getName()
                    + ", again with -Dproperties.seed=" + SEED + "]: " + failure.getMessage(), failure);
            named.setStackTrace(failure.getStackTrace());
            throw named;
        }
    }

    public Generated(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The seed of case {@code index} of {@code property}: spread with SplitMix64's finaliser. */
    static long seedOf(long seed, String property, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + property.hashCode() * 0xBF58476D1CE4E5B9L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * {@code tries} random cases of {@code property}: each an Arguments of the label ("seed=… #i") and whatever
     * {@code generator} returns (an Object[] is spread into several arguments).
     */
    public static Stream<Arguments> cases(String property, int tries, Function<Generated, ?> generator) {
        return IntStream.range(0, tries).mapToObj(i -> {
            Object value = generator.apply(new Generated(seedOf(SEED, property, i)));
            return arguments("seed=" + SEED + " #" + i, value);
        });
    }

    /** A fixed case, always run beside the random ones: the values a generator might reach only by luck. */
    public static Arguments edge(String label, Object... values) {
        Object[] all = new Object[values.length + 1];
        all[0] = "edge: " + label;
        System.arraycopy(values, 0, all, 1, values.length);
        return Arguments.of(all);
    }

    private static Arguments arguments(String label, Object value) {
        if (value instanceof Object[] values) {
            Object[] all = new Object[values.length + 1];
            all[0] = label;
            System.arraycopy(values, 0, all, 1, values.length);
            return Arguments.of(all);
        }
        return Arguments.of(label, value);
    }

    // ---- numbers and choices

    /** Between min and max, both included. */
    public int intBetween(int min, int max) {
        return (int) longBetween(min, max);
    }

    /** Between min and max, both included; the ends themselves now and then, as they are where bugs live. */
    public long longBetween(long min, long max) {
        int r = random.nextInt(20);
        if (r == 0) {
            return min;
        }
        if (r == 1) {
            return max;
        }
        return max == Long.MAX_VALUE && min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min, max + 1);
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** True with probability {@code numerator / denominator}. */
    public boolean chance(int numerator, int denominator) {
        return random.nextInt(denominator) < numerator;
    }

    @SafeVarargs
    public final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    public <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** The value of one of the suppliers, each as likely. */
    @SafeVarargs
    public final <T> T oneOf(Supplier<? extends T>... suppliers) {
        return suppliers[random.nextInt(suppliers.length)].get();
    }

    /** {@code weight1, supplier1, weight2, supplier2, …}: a supplier chosen in proportion to its weight. */
    @SuppressWarnings("unchecked")
    public <T> T frequency(Object... weightsAndSuppliers) {
        int total = 0;
        for (int i = 0; i < weightsAndSuppliers.length; i += 2) {
            total += (Integer) weightsAndSuppliers[i];
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weightsAndSuppliers.length; i += 2) {
            r -= (Integer) weightsAndSuppliers[i];
            if (r < 0) {
                return ((Supplier<T>) weightsAndSuppliers[i + 1]).get();
            }
        }
        throw new AssertionError();
    }

    /** Between min and max elements (both included), each from {@code element}. */
    public <T> List<T> list(int min, int max, Supplier<T> element) {
        int size = size(min, max);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    /** A size between min and max: the bounds and small sizes more often than uniform. */
    public int size(int min, int max) {
        int r = random.nextInt(10);
        if (r == 0 || min == max) {
            return min;
        }
        if (r == 1) {
            return max;
        }
        if (r <= 4) {
            return random.nextInt(min, Math.min(max, min + 8) + 1);
        }
        return random.nextInt(min, max + 1);
    }

    public byte[] bytes(int maxLength) {
        byte[] bytes = new byte[size(0, maxLength)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    // ---- text

    /**
     * Up to {@code maxLength} UTF-16 units, each a code point of {@code alphabet}. A code point outside the BMP
     * (an emoji) is sometimes split and sometimes cut by the length, leaving a lone surrogate, as drawing single
     * single chars from the alphabet would.
     */
    public String string(String alphabet, int maxLength) {
        int[] codePoints = alphabet.codePoints().toArray();
        return string(maxLength, () -> codePoints[random.nextInt(codePoints.length)]);
    }

    /** Between min and max UTF-16 units, each a code point of {@code alphabet}. */
    public String string(String alphabet, int minLength, int maxLength) {
        int[] codePoints = alphabet.codePoints().toArray();
        return string(minLength, maxLength, () -> codePoints[random.nextInt(codePoints.length)]);
    }

    /**
     * Up to {@code maxLength} UTF-16 units of any Unicode: ASCII, Latin, other scripts, the whole BMP, emoji (with
     * skin tones, ZWJ sequences, variation selectors), other planes, lone surrogates, controls and the other
     * characters in {@link #AWKWARD}.
     */
    public String anyString(int maxLength) {
        return string(maxLength, this::anyCodePoint);
    }

    public int anyCodePoint() {
        return switch (random.nextInt(12)) {
            case 0, 1 -> random.nextInt(0x20, 0x7F); // printable ASCII
            case 2 -> random.nextInt(0xA0, 0x250); // Latin-1 and Latin Extended
            case 3 -> pick(0x0391, 0x0416, 0x05D0, 0x0627, 0x0915, 0x0E01, 0x3042, 0x4E2D, 0xAC00, 0x10D0) + random.nextInt(16);
            case 4, 5 -> random.nextInt(0, 0x10000); // anything in the BMP, surrogates and noncharacters included
            case 6 -> random.nextInt(0x1F300, 0x1FB00); // emoji
            case 7 -> random.nextInt(0x10000, 0x110000); // any other plane
            case 8 -> random.nextInt(0, 0x20); // C0 controls
            default -> AWKWARD[random.nextInt(AWKWARD.length)];
        };
    }

    private String string(int maxLength, Supplier<Integer> codePoint) {
        return string(0, maxLength, codePoint);
    }

    private String string(int minLength, int maxLength, Supplier<Integer> codePoint) {
        int length = size(minLength, maxLength);
        StringBuilder b = new StringBuilder(length);
        while (b.length() < length) {
            int cp = codePoint.get();
            if (Character.charCount(cp) == 1) {
                b.append((char) cp);
            } else if (b.length() + 2 > length || random.nextInt(16) == 0) {
                // one half of the pair, as a char-by-char generator would give
                b.append(random.nextBoolean() || b.length() + 2 > length ? Character.highSurrogate(cp) : Character.lowSurrogate(cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /** Readable in a failure message: controls and lone surrogates escaped, long texts shortened. */
    public static String show(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && b.length() < 400; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(s.charAt(i - 1)))) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(b.length() >= 400 ? "…\" (" + s.length() + " chars)" : "\"").toString();
    }
}
