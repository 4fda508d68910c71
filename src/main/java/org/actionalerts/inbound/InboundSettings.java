package org.actionalerts.inbound;

import io.dropwizard.util.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keywords and phrases that change consent, and how replies are attributed. Opt-out keywords and phrases are
 * matched the same way (see {@link Keywords}): the whole message, ignoring case, accents, punctuation, emoji,
 * apostrophes and spacing, with {@code politeWords} allowed around them ("please stop texting me", "BAJA, gracias"):
 * the FCC counts any reasonable way of revoking consent. Opt-in, help and yes keywords match the whole message only.
 *
 * @param optOutKeywords       single words: CTIA's and Twilio's STOP words, the FCC's list (47 CFR 64.1200(a)(10)),
 *                             and their Spanish equivalents
 * @param optOutPhrases        plain-language revocations, English and Spanish
 * @param politeWords          words that may come before, after or between opt-out keywords and phrases
 * @param actionKeywords       a reply to an alert that is one of these (whole message, folded like opt-outs, courtesy
 *                             words allowed: "Done, thanks!") records that the person acted
 * @param twilioAdvancedOptOut when Twilio's Advanced Opt-Out is on, Twilio itself answers STOP, START and HELP,
 *                             so we record the consent change but send no confirmation of our own
 */
public record InboundSettings(List<String> optOutKeywords, List<String> optOutPhrases, List<String> optInKeywords,
                              List<String> helpKeywords, String yesKeyword, Duration replyWindow,
                              boolean twilioAdvancedOptOut, String messageFrequency, List<String> politeWords,
                              List<String> actionKeywords) {

    static final List<String> ACTION_KEYWORDS = List.of(
            "DONE", "I DID IT", "I CALLED", "CALLED", "I SIGNED", "SIGNED",
            "HECHO", "LISTO", "LISTA", "YA LLAMÉ", "LLAMÉ", "FIRMÉ", "YA FIRMÉ");

    public InboundSettings {
        if (actionKeywords == null) { // a config.yml written before the setting existed
            actionKeywords = ACTION_KEYWORDS;
        }
    }

    /** CTIA (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT), the FCC (REVOKE, OPT OUT), Twilio, Spoke, AWS. */
    static final List<String> ENGLISH_OPT_OUT_KEYWORDS = List.of(
            "STOP", "STOPALL", "STOP2QUIT", "UNSUBSCRIBE", "UNSUB", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
            "REMOVE");
    static final List<String> SPANISH_OPT_OUT_KEYWORDS = List.of(
            "PARAR", "PARA", "PARE", "BAJA", "CANCELAR", "ALTO", "DETENER");
    static final List<String> ENGLISH_OPT_OUT_PHRASES = List.of(
            "stop all", "opt out", "stop 2 quit",
            "stop texting", "stop texting me", "stop messaging me", "stop sending me messages", "stop sending me texts",
            "stop sending messages", "stop sending texts", "stop the texts", "stop these texts", "stop the messages",
            "stop these messages", "stop all texts", "stop all messages", "stop contacting me", "stop spamming me",
            "no more texts", "no more messages", "no more text messages",
            "don't text", "do not text", "don't text me", "do not text me", "don't text me anymore",
            "do not text me anymore", "don't text me again", "do not text me again", "don't message me",
            "do not message me", "don't contact me", "do not contact me",
            "remove me", "remove me from this list", "remove me from the list", "remove me from your list",
            "remove my number", "remove this number", "remove my name",
            "take me off", "take me off your list", "take me off the list", "take me off this list",
            "take my number off your list", "take my number off the list",
            "delete my number", "delete me", "lose my number",
            "unsubscribe me", "opt me out", "i opt out", "i want to opt out", "i want to unsubscribe",
            "i'd like to unsubscribe", "i would like to unsubscribe", "i want out",
            "i don't want these texts", "i do not want these texts", "i don't want these messages",
            "i do not want these messages", "i don't want any more texts", "i don't want any more messages",
            "i no longer want these texts", "i no longer want these messages",
            "cancel my subscription", "leave me alone");
    static final List<String> SPANISH_OPT_OUT_PHRASES = List.of(
            "dar de baja", "darme de baja", "denme de baja", "quiero darme de baja",
            "no más mensajes", "no más textos", "no más mensajes de texto",
            "no me escriban", "no me escriban más", "no me manden más", "no me manden mensajes",
            "no me manden más mensajes", "no me manden más textos", "no me envíen mensajes",
            "no me envíen más mensajes", "no me envíen más textos", "ya no me manden mensajes",
            "ya no me manden más mensajes",
            "dejen de escribirme", "dejen de mandarme mensajes", "dejen de enviarme mensajes",
            "dejen de mandarme textos",
            "quítenme de la lista", "quítenme de su lista", "quíteme de la lista", "quítame de la lista",
            "sácame de la lista", "sáquenme de la lista", "sáquenme de su lista", "bórrenme de la lista",
            "borren mi número", "eliminen mi número",
            "ya no quiero mensajes", "ya no quiero recibir mensajes", "ya no quiero recibir más mensajes",
            "no quiero recibir mensajes", "no quiero más mensajes", "no quiero recibir más mensajes",
            "cancelar suscripción", "cancelar mi suscripción",
            "déjenme en paz", "no me contacten", "no me contacten más");
    static final List<String> POLITE_WORDS = List.of(
            "please", "pls", "plz", "thanks", "thank you", "thx", "hi", "hello", "hey",
            "por favor", "porfa", "gracias", "muchas gracias", "hola");

    public static final InboundSettings DEFAULTS = new InboundSettings(
            concat(ENGLISH_OPT_OUT_KEYWORDS, SPANISH_OPT_OUT_KEYWORDS),
            concat(ENGLISH_OPT_OUT_PHRASES, SPANISH_OPT_OUT_PHRASES),
            List.of("START", "UNSTOP", "JOIN", "ALTA", "UNIRME"),
            List.of("HELP", "INFO", "AYUDA"),
            "YES",
            Duration.days(7),
            false,
            "Up to 4 msgs/month",
            POLITE_WORDS,
            ACTION_KEYWORDS);

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
