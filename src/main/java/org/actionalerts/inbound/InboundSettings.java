package org.actionalerts.inbound;

import io.dropwizard.util.Duration;
import java.util.List;

/**
 * Keywords and phrases that change consent, and how replies are attributed. Keywords match the whole message,
 * ignoring case, accents, punctuation, emoji and extra spaces; phrases are whole-message free-text opt-outs
 * ("please stop texting me"): the FCC counts any reasonable way of revoking consent.
 *
 * @param twilioAdvancedOptOut when Twilio's Advanced Opt-Out is on, Twilio itself answers STOP, START and HELP,
 *                             so we record the consent change but send no confirmation of our own
 */
public record InboundSettings(List<String> optOutKeywords, List<String> optOutPhrases, List<String> optInKeywords,
                              List<String> helpKeywords, String yesKeyword, Duration replyWindow,
                              boolean twilioAdvancedOptOut, String messageFrequency) {

    public static final InboundSettings DEFAULTS = new InboundSettings(
            List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
                    "PARAR", "PARA", "BAJA", "CANCELAR", "ALTO"),
            List.of("please stop texting me", "stop texting me", "stop texting", "no more texts", "no more messages",
                    "do not text me", "dont text me", "don't text me", "remove me", "take me off your list",
                    "no me escriban mas", "no me escriban", "no me manden mas mensajes", "no mas mensajes",
                    "dejen de escribirme", "quitenme de la lista", "ya no quiero mensajes"),
            List.of("START", "UNSTOP", "JOIN", "ALTA", "UNIRME"),
            List.of("HELP", "INFO", "AYUDA"),
            "YES",
            Duration.days(7),
            false,
            "Up to 4 msgs/month");
}
