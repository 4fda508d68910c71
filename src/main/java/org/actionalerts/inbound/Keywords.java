package org.actionalerts.inbound;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What a text says, as far as consent is concerned. Only whole messages count: "stop by the vigil" is a reply. */
public final class Keywords {
    public enum Meaning { OPT_OUT, OPT_IN, YES, HELP, OTHER }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
    /** Spanish keywords, so a first text from an unknown number can be answered in Spanish. */
    private static final Set<String> SPANISH = Set.of("PARAR", "PARA", "BAJA", "CANCELAR", "ALTO", "ALTA", "UNIRME", "AYUDA");

    private final Set<String> optOut;
    private final Set<String> optOutPhrases;
    private final Set<String> optIn;
    private final Set<String> help;
    private final String yes;

    public Keywords(InboundSettings settings) {
        this.optOut = normaliseAll(settings.optOutKeywords());
        this.optOutPhrases = normaliseAll(settings.optOutPhrases());
        this.optIn = normaliseAll(settings.optInKeywords());
        this.help = normaliseAll(settings.helpKeywords());
        this.yes = normalise(settings.yesKeyword());
    }

    public Meaning meaning(String text) {
        String t = normalise(text);
        if (optOut.contains(t) || optOutPhrases.contains(t) || optOutPhrases.contains(t.replace("'", ""))) {
            return Meaning.OPT_OUT;
        }
        if (optIn.contains(t)) {
            return Meaning.OPT_IN;
        }
        if (help.contains(t)) {
            return Meaning.HELP;
        }
        if (t.equals(yes)) {
            return Meaning.YES;
        }
        return Meaning.OTHER;
    }

    public static boolean isSpanishKeyword(String text) {
        return SPANISH.contains(normalise(text));
    }

    /** Upper case, accents removed, everything but letters, digits and apostrophes turned into single spaces. */
    public static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return NOT_WORD.matcher(decomposed.replace('\u2019', '\'')).replaceAll(" ").strip().toUpperCase(Locale.ROOT);
    }

    private static Set<String> normaliseAll(Collection<String> values) {
        return values.stream().map(Keywords::normalise).collect(Collectors.toUnmodifiableSet());
    }
}
