package org.actionalerts.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.actionalerts.inbound.Keywords.Meaning;
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
}
