package org.actionalerts.actions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.actionalerts.platform.text.CsvRecords;
import java.util.Optional;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.supporters.PhoneNumbers;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Actions recorded from a CSV file (who called, attended or signed, as an organiser's sheet lists them), in batches
 * of {@value #BATCH} rows: one query finds a batch's people, one statement records their actions. Its answer is
 * {@link ActionService.ImportResult}.
 */
final class ActionImport {
    private static final int BATCH = 1000;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true).setTrim(true).get();

    private final Jdbi jdbi;
    private final Clock clock;

    ActionImport(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    private record Row(long line, String phone, String email, String type, String note) {}

    /**
     * A CSV with a header row: {@code phone} or {@code email} (either or both columns), {@code type}, and optionally
     * {@code note}. A row naming nobody we know, or with a bad type, is rejected by line (the header is line 1);
     * the other rows are recorded. The values themselves are never repeated in the answer.
     */
    ActionService.ImportResult run(long campaignId, InputStream body, String actor) {
        return jdbi.inTransaction(h -> {
            ActionService.campaign(h, campaignId);
            List<ActionService.Rejection> rejected = new ArrayList<>();
            int[] counts = new int[2];
            try (CSVParser parser = FORMAT.parse(reader(body))) {
                Iterator<CSVRecord> records = parser.iterator();
                if (!records.hasNext()) {
                    throw new ApiException(422, "The CSV file is empty: it needs a header row");
                }
                Map<String, Integer> columns = columns(records.next());
                if (!columns.containsKey("phone") && !columns.containsKey("email")) {
                    throw new ApiException(422, "The header row needs a phone or an email column (and type, optionally note)");
                }
                if (!columns.containsKey("type")) {
                    throw new ApiException(422, "The header row needs a type column (call, attended, signed, other)");
                }
                List<Row> batch = new ArrayList<>();
                for (Optional<CSVRecord> next; (next = CsvRecords.next(parser, records,
                        line -> rejected.add(new ActionService.Rejection(line, CsvRecords.MALFORMED)))).isPresent(); ) {
                    Row row = row(next.get(), columns, rejected);
                    if (row != null) {
                        batch.add(row);
                        if (batch.size() == BATCH) {
                            write(h, campaignId, batch, actor, counts, rejected);
                            batch.clear();
                        }
                    }
                }
                write(h, campaignId, batch, actor, counts, rejected);
            } catch (IOException e) {
                throw new ApiException(400, "Could not read the CSV body: " + e.getClass().getSimpleName());
            }
            rejected.sort(java.util.Comparator.comparingLong(ActionService.Rejection::line));
            return new ActionService.ImportResult(counts[0], counts[1], rejected);
        });
    }

    private static Row row(CSVRecord record, Map<String, Integer> columns, List<ActionService.Rejection> rejected) {
        long line = record.getRecordNumber();
        String phoneText = cell(record, columns, "phone");
        String email = cell(record, columns, "email");
        String typeText = cell(record, columns, "type");
        String note = cell(record, columns, "note");
        if (phoneText == null && email == null && typeText == null && note == null) {
            return null; // a blank line
        }
        Optional<String> type = ActionService.type(typeText);
        if (type.isEmpty()) {
            rejected.add(new ActionService.Rejection(line, "type must be one of call, attended, signed, other"));
            return null;
        }
        String phone = null;
        if (phoneText != null) {
            phone = PhoneNumbers.toE164(phoneText).orElse(null);
            if (phone == null && email == null) {
                rejected.add(new ActionService.Rejection(line, "the phone number is not valid"));
                return null;
            }
        }
        if (phone == null && email == null) {
            rejected.add(new ActionService.Rejection(line, "needs a phone or an email"));
            return null;
        }
        if (note != null && note.length() > ActionService.MAX_NOTE) {
            rejected.add(new ActionService.Rejection(line, "the note is longer than " + ActionService.MAX_NOTE + " characters"));
            return null;
        }
        if (note != null && org.actionalerts.platform.text.ControlCharacters.present(note)) {
            rejected.add(new ActionService.Rejection(line, "the note contains control characters"));
            return null;
        }
        return new Row(line, phone, email == null ? null : email.toLowerCase(Locale.ROOT), type.get(), note);
    }

    /** One query finds the batch's people (by phone, else email); one statement records their actions. */
    private void write(Handle h, long campaignId, List<Row> rows, String actor, int[] counts, List<ActionService.Rejection> rejected) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Long> byPhone = new HashMap<>();
        Map<String, Long> byEmail = new HashMap<>();
        h.createQuery("SELECT id, phone, lower(email) AS email FROM supporters WHERE phone = ANY(:phones) OR lower(email) = ANY(:emails)")
                .bind("phones", rows.stream().map(Row::phone).filter(java.util.Objects::nonNull).toArray(String[]::new))
                .bind("emails", rows.stream().map(Row::email).filter(java.util.Objects::nonNull).toArray(String[]::new))
                .map((rs, ctx) -> {
                    long id = rs.getLong("id");
                    if (rs.getString("phone") != null) {
                        byPhone.put(rs.getString("phone"), id);
                    }
                    if (rs.getString("email") != null) {
                        byEmail.put(rs.getString("email"), id);
                    }
                    return id;
                }).list();
        List<Long> supporters = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Row r : rows) {
            Long id = r.phone() != null && byPhone.containsKey(r.phone()) ? byPhone.get(r.phone())
                    : r.email() != null ? byEmail.get(r.email()) : null;
            if (id == null) {
                rejected.add(new ActionService.Rejection(r.line(), "no supporter has this phone or email"));
                continue;
            }
            supporters.add(id);
            types.add(r.type());
            notes.add(r.note());
        }
        if (supporters.isEmpty()) {
            return;
        }
        int inserted = h.createUpdate("""
                        INSERT INTO actions (campaign_id, supporter_id, type, source, note, recorded_by, at)
                        SELECT :c, v.supporter_id, v.type, 'import', v.note, :by, :at
                          FROM unnest(CAST(:supporters AS bigint[]), CAST(:types AS text[]), CAST(:notes AS text[]))
                               AS v(supporter_id, type, note)
                        ON CONFLICT (campaign_id, supporter_id, type) DO NOTHING""")
                .bind("c", campaignId).bind("by", actor).bind("at", clock.instant())
                .bind("supporters", supporters.toArray(Long[]::new)).bind("types", types.toArray(String[]::new))
                .bind("notes", notes.toArray(String[]::new)).execute();
        counts[0] += inserted;
        counts[1] += supporters.size() - inserted;
    }

    private static Map<String, Integer> columns(CSVRecord header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
            columns.putIfAbsent(name, i);
        }
        return columns;
    }

    private static String cell(CSVRecord record, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        if (i == null || i >= record.size()) {
            return null;
        }
        String v = record.get(i);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static java.io.Reader reader(InputStream body) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }
}
