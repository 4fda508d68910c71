package org.actionalerts.inbound;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a text says, as far as consent is concerned. Only whole messages count: "stop by the vigil" is a reply.
 *
 * <p><b>Opt-out</b> (FCC 24-18: consent may be revoked "by any reasonable means"; CTIA; Twilio's defaults). A text
 * opts out when, once folded, it is made only of opt-out keywords and phrases ({@code inbound.optOutKeywords},
 * {@code inbound.optOutPhrases}) and courtesy words ({@code inbound.politeWords}), with at least one keyword or
 * phrase. Folding (see {@link PhraseMatcher}) ignores case (in {@link Locale#ROOT}), accents, punctuation, emoji,
 * straight and curly apostrophes, line breaks and spacing, so these all opt out: "STOP", "Stop 🛑", "stop all",
 * "StopAll", "Stop2Quit", "opt-out", "opt out", "Please remove me!", "Don’t text me anymore, thanks",
 * "¡No más mensajes!", "Quítenme de la lista por favor", "BAJA, gracias", "STOP STOP". A text with any other word
 * stays a reply to the alert, because advocacy replies use the same words: "STOP ICE raids now!",
 * "stop the deportations", "no more raids", "please don't stop texting me", "no dejen de escribirme". Staff still
 * read such replies and can record an opt-out by hand.
 *
 * <p><b>Opt-in, help and yes</b> keywords match the whole message only (case, accents, punctuation and emoji
 * ignored): "START", "UNSTOP", "help?", "INFO", " YES! ". Opt-out is tested first.
 */
public final class Keywords {
    public enum Meaning { OPT_OUT, OPT_IN, YES, HELP, OTHER }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
    /** Spanish keywords, so a first text from an unknown number can be answered in Spanish. */
    private static final Set<String> SPANISH = Set.of("PARAR", "PARA", "PARE", "DETENER", "BAJA", "CANCELAR", "ALTO",
            "ALTA", "UNIRME", "AYUDA");
    /** The built-in Spanish opt-outs, with any courtesy words: "Quítenme de la lista, gracias" is Spanish. */
    private static final PhraseMatcher SPANISH_OPT_OUT = new PhraseMatcher(
            Stream.concat(InboundSettings.SPANISH_OPT_OUT_KEYWORDS.stream(),
                    InboundSettings.SPANISH_OPT_OUT_PHRASES.stream()).toList(),
            InboundSettings.POLITE_WORDS);

    private final PhraseMatcher optOut;
    private final Set<String> optIn;
    private final Set<String> help;
    private final String yes;
    private final PhraseMatcher action;

    public Keywords(InboundSettings settings) {
        this.optOut = new PhraseMatcher(Stream.concat(orEmpty(settings.optOutKeywords()).stream(),
                orEmpty(settings.optOutPhrases()).stream()).toList(), orEmpty(settings.politeWords()));
        this.optIn = normaliseAll(orEmpty(settings.optInKeywords()));
        this.help = normaliseAll(orEmpty(settings.helpKeywords()));
        this.yes = normalise(settings.yesKeyword());
        this.action = new PhraseMatcher(orEmpty(settings.actionKeywords()), orEmpty(settings.politeWords()));
    }

    /**
     * Whether a reply says the person acted: nothing but action keywords and courtesy words, folded like opt-outs
     * ("Done!", "llamé", "LISTO, gracias"). Asked only of texts that are replies (not opt-outs or other keywords).
     */
    public boolean isAction(String text) {
        return action.matches(text);
    }

    public Meaning meaning(String text) {
        if (optOut.matches(text)) {
            return Meaning.OPT_OUT;
        }
        String t = normalise(text);
        if (optIn.contains(t)) {
            return Meaning.OPT_IN;
        }
        if (help.contains(t)) {
            return Meaning.HELP;
        }
        if (!t.isEmpty() && t.equals(yes)) {
            return Meaning.YES;
        }
        return Meaning.OTHER;
    }

    /** Whether a text is a Spanish keyword or one of the built-in Spanish opt-out phrases. */
    public static boolean isSpanishKeyword(String text) {
        return SPANISH.contains(normalise(text)) || SPANISH_OPT_OUT.matches(text);
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

    private static <T> Collection<T> orEmpty(Collection<T> values) {
        return values == null ? Set.of() : values;
    }
}
