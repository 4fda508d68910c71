package org.actionalerts.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.actionalerts.inbound.Keywords.Meaning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeywordsTest {
    static final Keywords KEYWORDS = new Keywords(InboundSettings.DEFAULTS);

    @ParameterizedTest(name = "[{0}] means {1}")
    @CsvSource(delimiter = '|', textBlock = """
            STOP                   | OPT_OUT
            stop                   | OPT_OUT
            ' Stop. '              | OPT_OUT
            STOP!!                 | OPT_OUT
            Stop 🛑                | OPT_OUT
            stopall                | OPT_OUT
            Unsubscribe            | OPT_OUT
            cancel                 | OPT_OUT
            END                    | OPT_OUT
            quit                   | OPT_OUT
            revoke                 | OPT_OUT
            optout                 | OPT_OUT
            parar                  | OPT_OUT
            Para                   | OPT_OUT
            BAJA                   | OPT_OUT
            cancelar.              | OPT_OUT
            ¡Alto!                 | OPT_OUT
            please stop texting me | OPT_OUT
            Please STOP texting me!| OPT_OUT
            no more texts          | OPT_OUT
            Don't text me          | OPT_OUT
            no me escriban más     | OPT_OUT
            No me escriban mas!!   | OPT_OUT
            START                  | OPT_IN
            unstop                 | OPT_IN
            Join                   | OPT_IN
            alta                   | OPT_IN
            Unirme                 | OPT_IN
            yes                    | YES
            ' YES! '               | YES
            HELP                   | HELP
            help?                  | HELP
            info                   | HELP
            Ayuda                  | HELP
            AYUDA LEGAL            | OTHER
            stop by the vigil      | OTHER
            I will stop by         | OTHER
            please help my brother | OTHER
            yes I called           | OTHER
            Thanks!                | OTHER
            ''                     | OTHER
            """)
    void meaningOfAWholeMessage(String text, Meaning expected) {
        assertThat(KEYWORDS.meaning(text == null ? "" : text)).isEqualTo(expected);
    }

    /** Every way of saying stop we know of: the FCC's words, CTIA's and Twilio's, and plain language. */
    @ParameterizedTest(name = "[{0}] opts out")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            STOP ALL
            Stop all
            stop-all
            StopAll
            Stop2Quit
            STOP 2 QUIT
            opt out
            Opt-Out
            OPT OUT.
            I want to opt out
            opt me out please
            Unsubscribe me
            un-subscribe
            unsub
            revoke
            Remove
            Please remove me
            please remove me!
            Remove me from this list
            remove me from your list, thanks
            Take me off your list
            take me off the list please
            Remove my number
            Delete my number
            Lose my number
            Don't text me
            Don’t text me
            Dont text me anymore
            do not text me anymore
            DO NOT TEXT ME!!!
            Stop texting me
            stop texting me 🙏
            Stop sending me messages
            stop sending me texts please
            no more text messages
            I don't want these texts
            I’d like to unsubscribe
            Leave me alone
            leave me alone!!! 😡
            Hi, please stop texting me. Thanks
            Stop. Unsubscribe. Thank you
            STOP STOP STOP
            stop please
            Thanks, stop
            cancel my subscription
            ＳＴＯＰ
            S T O P
            "STOP
            ALL"
            Alto
            PARE
            Detener
            Baja por favor
            baja, gracias
            Por favor dar de baja
            porfavor baja
            No más mensajes
            ¡No más mensajes!
            no mas mensajes
            No me manden más mensajes
            no me manden mas mensajes por favor
            Quítenme de la lista
            quitenme de la lista porfa
            Quítenme de su lista, gracias
            Sáquenme de la lista
            Ya no quiero recibir mensajes
            ya no quiero recibir mas mensajes
            No quiero recibir más mensajes
            Dejen de escribirme
            Déjenme en paz
            No me envíen más mensajes
            Hola, ya no me manden mensajes. Muchas gracias
            cancelar mi suscripción
            Borren mi número
            """)
    void optsOut(String text) {
        assertThat(KEYWORDS.meaning(text)).isEqualTo(Meaning.OPT_OUT);
    }

    /** Advocacy replies use the same words; any word that is not part of an opt-out makes a text a reply. */
    @ParameterizedTest(name = "[{0}] is a reply")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            STOP ICE raids now!
            stop the deportations
            Stop the raids
            Stop deporting our neighbors
            STOP 287(g)
            no more raids
            No more ICE in our county
            End 287g
            End ICE detention
            Cancel the contract with ICE
            the end
            I quit my job to do this work
            Please don't stop texting me
            don't stop
            No, don't unsubscribe me
            Don't remove me
            remove ICE from our schools
            Take me to the rally
            stop by the vigil
            alto a las redadas
            ¡Alto a las deportaciones!
            No más redadas
            no mas ICE
            Para mi mamá
            para cuando es la marcha?
            Baja California
            no dejen de escribirme
            No me quiten de la lista
            Quiero recibir mensajes
            Ya no quiero redadas en mi ciudad
            please
            thanks
            Gracias
            por favor
            🛑
            STOP2
            unstop
            """)
    void staysAReply(String text) {
        assertThat(KEYWORDS.meaning(text)).isNotEqualTo(Meaning.OPT_OUT);
    }

    @ParameterizedTest(name = "[{0}] means {1}")
    @CsvSource(delimiter = '|', textBlock = """
            UNSTOP    | OPT_IN
            Unstop!   | OPT_IN
            INFO      | HELP
            Info?     | HELP
            """)
    void twilioDefaultsForOptInAndHelp(String text, Meaning expected) {
        assertThat(KEYWORDS.meaning(text)).isEqualTo(expected);
    }

    /** Assistance keywords are the assistance desk's: no consent meaning, so the desk sees them. */
    @ParameterizedTest(name = "[{0}] has no consent meaning")
    @CsvSource(textBlock = """
            LEGAL
            ASSIST
            AYUDA LEGAL
            Ayuda legal
            ABOGADO
            """)
    void assistanceKeywordsAreNotConsentKeywords(String text) {
        assertThat(KEYWORDS.meaning(text)).isEqualTo(Meaning.OTHER);
    }

    @ParameterizedTest(name = "[{0}] is Spanish: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Parar                               | true
            BAJA                                | true
            Alta                                | true
            Ayuda                               | true
            PARE                                | true
            No más mensajes                     | true
            Quítenme de la lista, gracias       | true
            ya no quiero recibir mensajes       | true
            STOP                                | false
            please remove me                    | false
            Hola, ¿qué es esto?                 | false
            """)
    void spanishKeywordsAndPhrasesAreRecognised(String text, boolean spanish) {
        assertThat(Keywords.isSpanishKeyword(text)).isEqualTo(spanish);
    }

    /** In Turkish "quit".toUpperCase() is "QUİT" and "INFO".toLowerCase() is "ınfo": folding must not use the default locale. */
    @Test
    void aTurkishDefaultLocaleChangesNothing() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("tr"));
            Keywords keywords = new Keywords(InboundSettings.DEFAULTS);
            assertThat(keywords.meaning("quit")).isEqualTo(Meaning.OPT_OUT);
            assertThat(keywords.meaning("QUIT")).isEqualTo(Meaning.OPT_OUT);
            assertThat(keywords.meaning("Quit!")).isEqualTo(Meaning.OPT_OUT);
            assertThat(keywords.meaning("unsubscribe")).isEqualTo(Meaning.OPT_OUT);
            assertThat(keywords.meaning("i want to opt out")).isEqualTo(Meaning.OPT_OUT);
            assertThat(keywords.meaning("quitenme de la lista")).isEqualTo(Meaning.OPT_OUT);
            assertThat(keywords.meaning("info")).isEqualTo(Meaning.HELP);
            assertThat(keywords.meaning("INFO")).isEqualTo(Meaning.HELP);
            assertThat(keywords.meaning("join")).isEqualTo(Meaning.OPT_IN);
            assertThat(Keywords.isSpanishKeyword("unirme")).isTrue();
            assertThat(PhraseMatcher.fold("quit İnfo")).isEqualTo("QUIT INFO");
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest(name = "[{0}] folds to [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ¡No más mensajes!          | NO MAS MENSAJES
            Don’t   text me 🙏         | DONT TEXT ME
            don‘t text me              | DONT TEXT ME
            donʼt text me              | DONT TEXT ME
            don`t text me              | DONT TEXT ME
            "don't
            text me"                   | DONT TEXT ME
            Stop2Quit                  | STOP2QUIT
            ＳＴＯＰ                    | STOP
            Quítenme                   | QUITENME
            "  ...  "                  | ""
            """)
    void folding(String text, String folded) {
        assertThat(PhraseMatcher.fold(text)).isEqualTo(folded == null ? "" : folded);
    }

    @Test
    void aLongTextIsNeverAKeyword() {
        assertThat(KEYWORDS.meaning("stop ".repeat(PhraseMatcher.MAX_WORDS + 1))).isEqualTo(Meaning.OTHER);
        assertThat(KEYWORDS.meaning("stop ".repeat(PhraseMatcher.MAX_WORDS))).isEqualTo(Meaning.OPT_OUT);
        assertThat(KEYWORDS.meaning(null)).isEqualTo(Meaning.OTHER);
    }

    /** The tests above use the defaults; the service runs with config.yml. They must say the same. */
    @Test
    void configYmlHasTheDefaultPhrases() throws Exception {
        JsonNode inbound = new YAMLMapper().readTree(new File("config.yml")).get("inbound");
        assertThat(strings(inbound.get("optOutKeywords"))).isEqualTo(InboundSettings.DEFAULTS.optOutKeywords());
        assertThat(strings(inbound.get("optOutPhrases"))).isEqualTo(InboundSettings.DEFAULTS.optOutPhrases());
        assertThat(strings(inbound.get("politeWords"))).isEqualTo(InboundSettings.DEFAULTS.politeWords());
        assertThat(strings(inbound.get("optInKeywords"))).isEqualTo(InboundSettings.DEFAULTS.optInKeywords());
        assertThat(strings(inbound.get("helpKeywords"))).isEqualTo(InboundSettings.DEFAULTS.helpKeywords());
        assertThat(strings(inbound.get("actionKeywords"))).isEqualTo(InboundSettings.DEFAULTS.actionKeywords());
    }

    @Test
    void actionRepliesAreWholeMessagesFoldedLikeOptOuts() {
        assertThat(KEYWORDS.isAction("DONE")).isTrue();
        assertThat(KEYWORDS.isAction("done!")).isTrue();
        assertThat(KEYWORDS.isAction("Llamé")).isTrue();
        assertThat(KEYWORDS.isAction("LLAME")).isTrue();
        assertThat(KEYWORDS.isAction("¡Hecho, gracias!")).isTrue();
        assertThat(KEYWORDS.isAction("I called.")).isTrue();
        assertThat(KEYWORDS.isAction("listo")).isTrue();
        assertThat(KEYWORDS.isAction("done with ICE")).isFalse();
        assertThat(KEYWORDS.isAction("I called but nobody answered")).isFalse();
        assertThat(KEYWORDS.isAction("")).isFalse();
    }

    /** Settings written by hand may leave lists out. */
    @Test
    void missingListsMatchNothing() {
        Keywords keywords = new Keywords(new InboundSettings(null, null, null, null, "YES", null, false, null, null, null));
        assertThat(keywords.meaning("STOP")).isEqualTo(Meaning.OTHER);
        assertThat(keywords.meaning("yes")).isEqualTo(Meaning.YES);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
