package org.actionalerts.supporters.imports;

import java.util.ArrayList;
import java.util.List;

/** Rejections in line order; the list stops growing at {@link CsvImport#MAX_LISTED_REJECTIONS}. */
final class ImportRejections {
    final List<ImportResult.Rejection> listed = new ArrayList<>();
    int count;

    void reject(long line, String reason) {
        count++;
        if (listed.size() < CsvImport.MAX_LISTED_REJECTIONS) {
            listed.add(new ImportResult.Rejection(line, reason));
        }
    }

    /**
     * Rows refused while reading the current batch, added to the result once the batch before has been
     * written (see {@link ImportPipeline}); past {@link CsvImport#MAX_LISTED_REJECTIONS} of them only the count is kept.
     */
    final class Held {
        private final List<ImportResult.Rejection> rows = new ArrayList<>();
        private int unlisted;

        void reject(long line, String reason) {
            if (rows.size() < CsvImport.MAX_LISTED_REJECTIONS) {
                rows.add(new ImportResult.Rejection(line, reason));
            } else {
                unlisted++;
            }
        }

        void release() {
            for (ImportResult.Rejection r : rows) {
                ImportRejections.this.reject(r.line(), r.reason());
            }
            count += unlisted;
            rows.clear();
            unlisted = 0;
        }
    }
}
