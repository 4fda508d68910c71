package org.actionalerts.actions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.actionalerts.campaigns.CampaignDao;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.inbound.ActionReplies;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.text.PhoneNumbers;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Records actions: by hand (one, or a CSV), and from action replies. One action per supporter, campaign and type:
 * recording the same again changes nothing and says so.
 */
public class ActionService implements ActionReplies {
    static final Set<String> MANUAL_TYPES = Set.of("call", "attended", "signed", "other");
    static final int MAX_NOTE = 2000;
    private static final int BATCH = 1000;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true).setTrim(true).get();

    private final Jdbi jdbi;
    private final Clock clock;
    private final Outbox outbox;
    private final ActionSettings.ThankYou thankYou;

    public ActionService(Jdbi jdbi, Clock clock, Outbox outbox, ActionSettings.ThankYou thankYou) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.outbox = outbox;
        this.thankYou = thankYou;
    }

    public record ActionRequest(Long supporterId, String type, String note) {}

    /** {@code created} false: the same action (supporter, campaign, type) was recorded before; it is returned. */
    public record Recorded(Action action, boolean created) {}

    public Recorded record(long campaignId, ActionRequest request, String actor) {
        if (request.supporterId() == null) {
            throw ApiException.invalid("supporterId", "is required");
        }
        String type = type(request.type()).orElseThrow(() -> ApiException.invalid("type",
                "must be one of call, attended, signed, other"));
        String note = note(request.note());
        return jdbi.inTransaction(h -> {
            campaign(h, campaignId);
            if (h.createQuery("SELECT count(*) FROM supporters WHERE id = :id").bind("id", request.supporterId())
                    .mapTo(Integer.class).one() == 0) {
                throw ApiException.invalid("supporterId", "no such supporter");
            }
            Optional<Action> inserted = h.createQuery("""
                            INSERT INTO actions (campaign_id, supporter_id, type, source, note, recorded_by, at)
                            VALUES (:c, :s, :type, 'staff', :note, :by, :at)
                            ON CONFLICT (campaign_id, supporter_id, type) DO NOTHING
                            RETURNING id, campaign_id, supporter_id, type, source, note, recorded_by, at""")
                    .bind("c", campaignId).bind("s", request.supporterId()).bind("type", type).bind("note", note)
                    .bind("by", actor).bind("at", clock.instant())
                    .map(ConstructorMapper.of(Action.class)).findOne();
            if (inserted.isPresent()) {
                return new Recorded(inserted.get(), true);
            }
            return new Recorded(h.createQuery("""
                            SELECT id, campaign_id, supporter_id, type, source, note, recorded_by, at FROM actions
                             WHERE campaign_id = :c AND supporter_id = :s AND type = :type""")
                    .bind("c", campaignId).bind("s", request.supporterId()).bind("type", type)
                    .map(ConstructorMapper.of(Action.class)).one(), false);
        });
    }

    public record Rejection(long line, String reason) {}

    /** {@code alreadyRecorded}: rows whose action was there before (or earlier in the same file). */
    public record ImportResult(int recorded, int alreadyRecorded, List<Rejection> rejected) {}

    private record Row(long line, String phone, String email, String type, String note) {}

    /**
     * A CSV with a header row: {@code phone} or {@code email} (either or both columns), {@code type}, and optionally
     * {@code note}. A row naming nobody we know, or with a bad type, is rejected by line (the header is line 1);
     * the other rows are recorded. The values themselves are never repeated in the answer.
     */
    public ImportResult importCsv(long campaignId, InputStream body, String actor) {
        return jdbi.inTransaction(h -> {
            campaign(h, campaignId);
            List<Rejection> rejected = new ArrayList<>();
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
                while (true) {
                    CSVRecord record;
                    try {
                        if (!records.hasNext()) {
                            break;
                        }
                        record = records.next();
                    } catch (UncheckedIOException | IllegalStateException e) {
                        rejected.add(new Rejection(parser.getCurrentLineNumber() + 1,
                                "malformed CSV from this line on (unterminated quote?); the rest of the file was not read"));
                        break;
                    }
                    Row row = row(record, columns, rejected);
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
            rejected.sort(java.util.Comparator.comparingLong(Rejection::line));
            return new ImportResult(counts[0], counts[1], rejected);
        });
    }

    private static Row row(CSVRecord record, Map<String, Integer> columns, List<Rejection> rejected) {
        long line = record.getRecordNumber();
        String phoneText = cell(record, columns, "phone");
        String email = cell(record, columns, "email");
        String typeText = cell(record, columns, "type");
        String note = cell(record, columns, "note");
        if (phoneText == null && email == null && typeText == null && note == null) {
            return null; // a blank line
        }
        Optional<String> type = type(typeText);
        if (type.isEmpty()) {
            rejected.add(new Rejection(line, "type must be one of call, attended, signed, other"));
            return null;
        }
        String phone = null;
        if (phoneText != null) {
            phone = PhoneNumbers.toE164(phoneText).orElse(null);
            if (phone == null && email == null) {
                rejected.add(new Rejection(line, "the phone number is not valid"));
                return null;
            }
        }
        if (phone == null && email == null) {
            rejected.add(new Rejection(line, "needs a phone or an email"));
            return null;
        }
        if (note != null && note.length() > MAX_NOTE) {
            rejected.add(new Rejection(line, "the note is longer than " + MAX_NOTE + " characters"));
            return null;
        }
        if (note != null && org.actionalerts.platform.text.ControlCharacters.present(note)) {
            rejected.add(new Rejection(line, "the note contains control characters"));
            return null;
        }
        return new Row(line, phone, email == null ? null : email.toLowerCase(Locale.ROOT), type.get(), note);
    }

    /** One query finds the batch's people (by phone, else email); one statement records their actions. */
    private void write(Handle h, long campaignId, List<Row> rows, String actor, int[] counts, List<Rejection> rejected) {
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
                rejected.add(new Rejection(r.line(), "no supporter has this phone or email"));
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

    /** Action replies from the inbound batch; a thank-you (when configured) for each one recorded now. */
    @Override
    public void record(Handle h, List<ActionReply> replies) {
        Instant now = clock.instant();
        for (ActionReply r : replies) {
            int inserted = h.createUpdate("""
                            INSERT INTO actions (campaign_id, supporter_id, type, source, inbound_id, at)
                            VALUES (:c, :s, 'reply', 'reply', :inbound, :at)
                            ON CONFLICT (campaign_id, supporter_id, type) DO NOTHING""")
                    .bind("c", r.campaignId()).bind("s", r.supporterId()).bind("inbound", r.inboundId()).bind("at", now)
                    .execute();
            String text = thankYou.text(r.language());
            if (inserted == 1 && thankYou.enabled() && text != null && !text.isBlank()) {
                outbox.actionThanks(h, r.supporterId(), r.campaignId(), r.phone(), text);
            }
        }
    }

    private static void campaign(Handle h, long campaignId) {
        h.attach(CampaignDao.class).find(campaignId).orElseThrow(() -> ApiException.notFound("Campaign"));
    }

    private static Optional<String> type(String type) {
        String t = type == null ? null : type.strip().toLowerCase(Locale.ROOT);
        return t != null && MANUAL_TYPES.contains(t) ? Optional.of(t) : Optional.empty();
    }

    private static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > MAX_NOTE) {
            throw ApiException.invalid("note", "is longer than " + MAX_NOTE + " characters");
        }
        return note.strip();
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
