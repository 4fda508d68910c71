package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsSegmentsTest {

    private static String a(int n) {
        return "a".repeat(n);
    }

    // Placeholders keep the table readable: A<n> expands to n letters 'a'; EURO, WAVE and NL are single symbols.
    private static String expand(String spec) {
        StringBuilder out = new StringBuilder();
        for (String token : spec.split("\\+")) {
            if (token.matches("A\\d+")) {
                out.append(a(Integer.parseInt(token.substring(1))));
            } else if (token.matches("EURO\\d*")) {
                out.append("€".repeat(token.length() > 4 ? Integer.parseInt(token.substring(4)) : 1));
            } else if (token.equals("WAVE")) {
                out.append("👋");
            } else if (token.equals("NL")) {
                out.append('\n');
            } else if (!token.equals("EMPTY")) {
                out.append(token);
            }
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0} -> {1} x{2}")
    @CsvSource(delimiter = '|', textBlock = """
        EMPTY                                 | GSM-7 | 0 | 0
        Hello                                 | GSM-7 | 1 | 5
        A160                                  | GSM-7 | 1 | 160
        A161                                  | GSM-7 | 2 | 161
        A306                                  | GSM-7 | 2 | 306
        A307                                  | GSM-7 | 3 | 307
        EURO80                                | GSM-7 | 1 | 160
        EURO81                                | GSM-7 | 2 | 162
        A152+EURO+A152                        | GSM-7 | 3 | 306
        Price: 5€ [members] {free} ~ ok^      | GSM-7 | 1 | 39
        ¿Vienes mañana? ¡Te esperamos!        | GSM-7 | 1 | 30
        Él y Ñoño: pingüino à l'école é       | GSM-7 | 1 | 31
        Line one+NL+line two                  | GSM-7 | 1 | 17
        Acción: llama al sheriff              | UCS-2 | 1 | 24
        Qué pasó                              | UCS-2 | 1 | 8
        A69+á                                 | UCS-2 | 1 | 70
        A70+á                                 | UCS-2 | 2 | 71
        A133+í                                | UCS-2 | 2 | 134
        A134+ú                                | UCS-2 | 3 | 135
        Hi +WAVE                              | UCS-2 | 1 | 5
        A68+WAVE                              | UCS-2 | 1 | 70
        A69+WAVE                              | UCS-2 | 2 | 71
        A66+WAVE+A66                          | UCS-2 | 3 | 134
        ç is not GSM                          | UCS-2 | 1 | 12
        """)
    void countsLikeCarriers(String spec, String encoding, int segments, int characters) {
        assertThat(SmsSegments.count(expand(spec))).isEqualTo(new SmsSegments.Count(encoding, segments, characters));
    }
}
