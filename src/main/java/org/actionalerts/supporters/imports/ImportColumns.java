package org.actionalerts.supporters.imports;

import java.util.List;
import org.actionalerts.supporters.SupporterDetails;

/** The columns of a batch of supporters, as arrays for unnest(). Tags travel as PostgreSQL array literals. */
final class ImportColumns {
    final String[] firstNames;
    final String[] lastNames;
    final String[] phones;
    final String[] emails;
    final String[] languages;
    final String[] states;
    final String[] counties;
    final String[] postalCodes;
    final String[] tags;

    ImportColumns(int n) {
        firstNames = new String[n];
        lastNames = new String[n];
        phones = new String[n];
        emails = new String[n];
        languages = new String[n];
        states = new String[n];
        counties = new String[n];
        postalCodes = new String[n];
        tags = new String[n];
    }

    void set(int i, SupporterDetails d) {
        firstNames[i] = d.firstName();
        lastNames[i] = d.lastName();
        phones[i] = d.phone();
        emails[i] = d.email();
        languages[i] = d.language();
        states[i] = d.state();
        counties[i] = d.county();
        postalCodes[i] = d.postalCode();
        tags[i] = arrayLiteral(d.tags());
    }

    /** {"a","b \"c\""}: every element quoted, so only backslash and double quote need escaping. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder(2 + 16 * values.size()).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String value = values.get(i);
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }
}
