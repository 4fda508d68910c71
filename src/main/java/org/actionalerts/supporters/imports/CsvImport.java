package org.actionalerts.supporters.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.Locale;
import java.util.Map;
import org.actionalerts.platform.text.CsvRecords;
import java.util.Optional;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.supporters.SupporterDetails;
import org.actionalerts.supporters.SupporterFields;
import org.actionalerts.supporters.SupporterInput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Jdbi;

/**
 * Streams a CSV file into the supporters table: rows are parsed one at a time and written in batches, so a
 * large file is never held in memory. The whole import is one transaction: a body cut off by the size limit
 * leaves nothing half-written. Bad rows are reported by line and never stop the good ones.
 *
 * <p>While one batch is written (on a writer thread, on the transaction's handle) the request thread parses and
 * checks the next: on two cores the checks and the database work overlap. At most one batch is being written
 * and one being read, and the result, rejections included, is exactly that of doing the two in turn.
 */
public class CsvImport {
    public static final int MAX_LISTED_REJECTIONS = 10_000;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false) // we skip blank lines ourselves, so that line numbers stay exact
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .get();

    private final Jdbi jdbi;
    private final int batchSize;
    private final ExecutorService writers;

    /** @param writers the writer threads: one free for each import running at once (a managed cached pool) */
    public CsvImport(Jdbi jdbi, int batchSize, ExecutorService writers) {
        this.jdbi = jdbi;
        this.batchSize = batchSize;
        this.writers = writers;
    }

    public ImportResult run(InputStream body, String actor) {
        try {
            return importAll(body, actor);
        } catch (IOException e) {
            throw new ApiException(400, "Could not read the CSV body: " + e.getClass().getSimpleName());
        }
    }

    private ImportResult importAll(InputStream body, String actor) throws IOException {
        return jdbi.inTransaction(h -> {
            try (CSVParser parser = FORMAT.parse(reader(body))) {
                ImportBatch writer = new ImportBatch(h, "import by " + actor);
                ImportRejections results = new ImportRejections();
                read(parser, writer, results);
                results.listed.sort(java.util.Comparator.comparingLong(ImportResult.Rejection::line));
                return new ImportResult(writer.created(), writer.updated(), results.listed, results.count);
            }
        });
    }

    private void read(CSVParser parser, ImportBatch writer, ImportRejections results) {
        Iterator<CSVRecord> records = parser.iterator();
        CsvColumns columns = header(records);
        Map<String, Long> seen = new HashMap<>(); // phone or email → first line: duplicates inside the file
        List<ImportRow> batch = new ArrayList<>(batchSize);
        try (ImportPipeline pipeline = new ImportPipeline(writer, results, writers)) {
            ImportRejections.Held held = pipeline.held;
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                Optional<CSVRecord> next = CsvRecords.next(parser, records, broken -> held.reject(broken, CsvRecords.MALFORMED));
                if (next.isEmpty()) {
                    break;
                }
                CSVRecord record = next.get();
                if (isBlank(record)) {
                    continue;
                }
                ImportRow row = check(line, record, columns, seen, held);
                if (row != null) {
                    batch.add(row);
                    if (batch.size() == batchSize) {
                        pipeline.write(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
            }
            pipeline.write(batch);
            pipeline.finish();
        }
    }

    private static CsvColumns header(Iterator<CSVRecord> records) {
        if (!records.hasNext()) {
            throw new ApiException(422, "The CSV file is empty: it needs a header row");
        }
        CsvColumns columns = new CsvColumns(records.next());
        if (!columns.has("phone") && !columns.has("email")) {
            throw new ApiException(422, "The header row needs a phone or an email column; known columns are "
                    + String.join(", ", CsvColumns.KNOWN));
        }
        return columns;
    }

    private static ImportRow check(long line, CSVRecord record, CsvColumns columns, Map<String, Long> seen,
                                   ImportRejections.Held results) {
        for (String value : record) {
            if (value.indexOf('\uFFFD') >= 0) {
                results.reject(line, "not valid UTF-8 text");
                return null;
            }
        }
        SupporterFields fields = new SupporterFields();
        Boolean sms = flag(fields, "sms_opt_in", columns.get(record, "sms_opt_in"));
        Boolean email = flag(fields, "email_opt_in", columns.get(record, "email_opt_in"));
        String tags = columns.get(record, "tags");
        SupporterInput input = new SupporterInput(columns.get(record, "first_name"), columns.get(record, "last_name"),
                columns.get(record, "phone"), columns.get(record, "email"), columns.get(record, "language"),
                columns.get(record, "state"), columns.get(record, "county"), columns.get(record, "postal_code"),
                tags == null ? null : List.of(tags.split(";")), sms, email);
        SupporterDetails details = SupporterDetails.from(input, fields);
        if (!fields.valid()) {
            results.reject(line, describe(fields));
            return null;
        }
        if (details.phone() == null && details.email() == null) {
            results.reject(line, "needs a phone or an email");
            return null;
        }
        String duplicate = firstSeen(seen, line, details.phone(), details.email());
        if (duplicate != null) {
            results.reject(line, duplicate);
            return null;
        }
        return new ImportRow(line, details, sms, email);
    }

    private static String firstSeen(Map<String, Long> seen, long line, String phone, String email) {
        Long earlier = phone == null ? null : seen.get(phone);
        String what = "phone";
        if (earlier == null && email != null) {
            earlier = seen.get(email.toLowerCase(Locale.ROOT));
            what = "email";
        }
        if (earlier != null) {
            return "same " + what + " as line " + earlier;
        }
        if (phone != null) {
            seen.put(phone, line);
        }
        if (email != null) {
            seen.put(email.toLowerCase(Locale.ROOT), line);
        }
        return null;
    }

    private static Boolean flag(SupporterFields fields, String column, String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> {
                fields.errors().add(new org.actionalerts.platform.errors.ApiError.FieldError(column, "must be true/false/yes/no/1/0"));
                yield null;
            }
        };
    }

    private static String describe(SupporterFields fields) {
        StringBuilder reason = new StringBuilder();
        for (var error : fields.errors()) {
            if (!reason.isEmpty()) {
                reason.append("; ");
            }
            reason.append(CsvColumns.columnFor(error.field())).append(' ').append(error.message());
        }
        return reason.toString();
    }

    private static boolean isBlank(CSVRecord record) {
        for (String value : record) {
            if (!value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 with bad bytes turned into U+FFFD (so the row can be named and refused); a leading BOM dropped. */
    private static Reader reader(InputStream body) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }
}
