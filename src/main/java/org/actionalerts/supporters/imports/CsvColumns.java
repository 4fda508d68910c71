package org.actionalerts.supporters.imports;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/** Where each known column is in this file's header; unknown columns are ignored. */
final class CsvColumns {
    static final List<String> KNOWN = List.of("first_name", "last_name", "phone", "email", "language", "state",
            "county", "postal_code", "tags", "sms_opt_in", "email_opt_in");

    private final Map<String, Integer> index = new HashMap<>();

    CsvColumns(CSVRecord header) {
        for (int i = 0; i < header.size(); i++) {
            String name = normalise(header.get(i));
            if (KNOWN.contains(name)) {
                index.putIfAbsent(name, i);
            }
        }
    }

    boolean has(String column) {
        return index.containsKey(column);
    }

    /** The cell's text, or null when the column is absent, the row is short, or the cell is blank. */
    String get(CSVRecord row, String column) {
        Integer i = index.get(column);
        if (i == null || i >= row.size()) {
            return null;
        }
        String value = row.get(i);
        return value == null || value.isBlank() ? null : value;
    }

    /** The CSV column for an API field name, for error messages: firstName → first_name. */
    static String columnFor(String field) {
        return field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /** "First Name", "first-name" and " FIRST_NAME " all name first_name. */
    private static String normalise(String header) {
        return header.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-]+", "_");
    }
}
