package org.actionalerts.platform.text;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an uploaded CSV file's records one at a time, for every import (supporters, actions). Where the file stops
 * being CSV — an unterminated quote swallows the rest of it — reading ends: the rows before are kept, and that line
 * is rejected with {@link #MALFORMED}.
 */
public final class CsvRecords {
    public static final String MALFORMED =
            "malformed CSV from this line on (unterminated quote?); the rest of the file was not read";

    private CsvRecords() {}

    /**
     * The next record, or empty at the end of the file. Empty too where the rest is malformed; {@code malformed} is
     * then told the line the broken record starts on (the header is line 1).
     */
    public static Optional<CSVRecord> next(CSVParser parser, Iterator<CSVRecord> records, LongConsumer malformed) {
        long line = parser.getCurrentLineNumber() + 1;
        try {
            return records.hasNext() ? Optional.of(records.next()) : Optional.empty();
        } catch (UncheckedIOException | IllegalStateException e) {
            malformed.accept(line);
            return Optional.empty();
        }
    }
}
