package org.actionalerts.supporters.imports;

import java.util.List;

/**
 * What an import did. {@code rejected} lists each refused row by line (the header is line 1);
 * past {@link CsvImport#MAX_LISTED_REJECTIONS} only {@code rejectedCount} keeps counting.
 */
public record ImportResult(int created, int updated, List<Rejection> rejected, int rejectedCount) {
    public record Rejection(long line, String reason) {}
}
