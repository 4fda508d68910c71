package org.actionalerts.supporters.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentBatch;
import org.actionalerts.consent.ConsentStatus;
import org.actionalerts.supporters.Supporter;
import org.actionalerts.supporters.SupporterDao;
import org.actionalerts.supporters.SupporterDetails;
import org.jdbi.v3.core.Handle;

/**
 * Writes one batch of checked rows with a handful of set-based statements, whatever the batch size: one lookup
 * of existing supporters, one suppression lookup per channel, one UPDATE ... FROM unnest(...) for the matches,
 * one INSERT ... SELECT FROM unnest(...) for the new people and one insert of all the batch's consent events.
 * Matching is by phone, else by email.
 *
 * <p>Consent is decided by {@link RowConsent} and its events are written by {@link ConsentBatch}; the status
 * columns are written by the same statement that writes the supporter row, with the status of the batch's last
 * consent event for that channel (or left as they are when there is none).
 */
final class ImportBatch {
    interface Rejections {
        void reject(long line, String reason);
    }

    private static final String SOURCE = "import";

    private final Handle handle;
    private final SupporterDao supporters;
    private final String evidencePrefix;
    private int created;
    private int updated;

    ImportBatch(Handle handle, String evidencePrefix) {
        this.handle = handle;
        this.supporters = handle.attach(SupporterDao.class);
        this.evidencePrefix = evidencePrefix;
    }

    int created() {
        return created;
    }

    int updated() {
        return updated;
    }

    void write(List<ImportRow> rows, Rejections rejections) {
        if (rows.isEmpty()) {
            return;
        }
        Existing existing = lookup(rows);
        List<ImportRow> fresh = new ArrayList<>();
        // Two rows of a batch can match one supporter (one by phone, the other by email): as when each was
        // written in turn, the later row's values win and every event is kept.
        Map<Long, SupporterDetails> updates = new LinkedHashMap<>();
        int updatedRows = 0;
        ConsentBatch consent = new ConsentBatch(SOURCE);
        boolean[] smsSuppressed = ConsentBatch.suppressed(handle, Channel.SMS,
                rows.stream().map(r -> r.details().phone()).toList());
        boolean[] emailSuppressed = ConsentBatch.suppressed(handle, Channel.EMAIL,
                rows.stream().map(r -> r.details().email()).toList());
        List<Integer> freshIndexes = new ArrayList<>();

        for (int i = 0; i < rows.size(); i++) {
            ImportRow row = rows.get(i);
            Supporter byPhone = row.details().phone() == null ? null : existing.byPhone.get(row.details().phone());
            Supporter byEmail = row.details().email() == null ? null : existing.byEmail.get(lower(row.details().email()));
            if (byPhone != null && byEmail != null && byPhone.id() != byEmail.id()) {
                rejections.reject(row.line(), "phone belongs to supporter " + byPhone.id() + " but email to supporter " + byEmail.id());
                continue;
            }
            Supporter match = byPhone != null ? byPhone : byEmail;
            if (match == null) {
                fresh.add(row);
                freshIndexes.add(i);
            } else {
                updates.remove(match.id());
                updates.put(match.id(), merge(match, row.details()));
                updatedRows++;
                // A number or address this import adds to the record may be one an erased person unsubscribed.
                boolean newPhone = match.phone() == null && row.details().phone() != null;
                boolean newEmail = match.email() == null && row.details().email() != null;
                for (RowConsent.Decision d : RowConsent.decide(row, match.smsStatus(), match.emailStatus(),
                        newPhone && smsSuppressed[i], newEmail && emailSuppressed[i])) {
                    record(consent, match.id(), d);
                }
            }
        }

        if (!updates.isEmpty()) {
            writeUpdates(updates, consent);
            updated += updatedRows;
        }
        if (!fresh.isEmpty()) {
            insertFresh(fresh, consent, pick(smsSuppressed, freshIndexes), pick(emailSuppressed, freshIndexes));
            created += fresh.size();
        }
        consent.write(handle);
    }

    private void record(ConsentBatch consent, long id, RowConsent.Decision d) {
        consent.add(id, d.channel(), d.status(), evidencePrefix + ", " + d.why());
    }

    private void writeUpdates(Map<Long, SupporterDetails> updates, ConsentBatch consent) {
        int n = updates.size();
        Long[] ids = new Long[n];
        ImportColumns columns = new ImportColumns(n);
        String[] sms = new String[n];
        String[] email = new String[n];
        int i = 0;
        for (Map.Entry<Long, SupporterDetails> update : updates.entrySet()) {
            ids[i] = update.getKey();
            columns.set(i, update.getValue());
            sms[i] = consent.lastStatus(update.getKey(), Channel.SMS);
            email[i] = consent.lastStatus(update.getKey(), Channel.EMAIL);
            i++;
        }
        supporters.updateImported(ids, columns.firstNames, columns.lastNames, columns.phones, columns.emails,
                columns.languages, columns.states, columns.counties, columns.postalCodes, columns.tags, sms, email);
    }

    /** Decides the new people's consent first, so that each row is inserted once with its final status. */
    private void insertFresh(List<ImportRow> fresh, ConsentBatch consent, boolean[] smsSuppressed,
                             boolean[] emailSuppressed) {
        int n = fresh.size();
        ImportColumns columns = new ImportColumns(n);
        String[] sms = new String[n];
        String[] email = new String[n];
        List<List<RowConsent.Decision>> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ImportRow row = fresh.get(i);
            columns.set(i, row.details());
            List<RowConsent.Decision> rowDecisions = RowConsent.decide(row, ConsentStatus.NONE, ConsentStatus.NONE,
                    smsSuppressed[i], emailSuppressed[i]);
            decisions.add(rowDecisions);
            sms[i] = ConsentStatus.NONE.wireName();
            email[i] = ConsentStatus.NONE.wireName();
            for (RowConsent.Decision d : rowDecisions) {
                if (d.channel() == Channel.SMS) {
                    sms[i] = d.status().wireName();
                } else {
                    email[i] = d.status().wireName();
                }
            }
        }
        List<SupporterDao.Inserted> inserted = supporters.insertImported(columns.firstNames, columns.lastNames,
                columns.phones, columns.emails, columns.languages, columns.states, columns.counties,
                columns.postalCodes, columns.tags, sms, email);
        if (inserted.size() != n) {
            throw new IllegalStateException("inserted " + inserted.size() + " supporters for " + n + " rows");
        }
        // Back from the database by phone, else email: both are unique among the rows of a file.
        Map<String, Long> ids = new HashMap<>(2 * n);
        for (SupporterDao.Inserted s : inserted) {
            if (s.phone() != null) {
                ids.put(s.phone(), s.id());
            }
            if (s.email() != null) {
                ids.put(lower(s.email()), s.id());
            }
        }
        for (int i = 0; i < n; i++) {
            SupporterDetails d = fresh.get(i).details();
            Long id = d.phone() != null ? ids.get(d.phone()) : ids.get(lower(d.email()));
            for (RowConsent.Decision decision : decisions.get(i)) {
                record(consent, id, decision);
            }
        }
    }

    private static boolean[] pick(boolean[] flags, List<Integer> indexes) {
        boolean[] picked = new boolean[indexes.size()];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = flags[indexes.get(i)];
        }
        return picked;
    }

    /** Blank cells keep what we had (which may itself be blank); tags are added to the supporter's tags. */
    private static SupporterDetails merge(Supporter s, SupporterDetails row) {
        Set<String> tags = new LinkedHashSet<>(s.tags());
        tags.addAll(row.tags());
        return new SupporterDetails(
                orElse(row.firstName(), s.firstName()),
                orElse(row.lastName(), s.lastName()),
                s.phone() != null ? s.phone() : row.phone(),
                s.email() != null ? s.email() : row.email(),
                orElse(row.language(), s.language()),
                orElse(row.state(), s.state()),
                orElse(row.county(), s.county()),
                orElse(row.postalCode(), s.postalCode()),
                List.copyOf(tags));
    }

    private static String orElse(String value, String existing) {
        return value != null ? value : existing;
    }

    private Existing lookup(List<ImportRow> rows) {
        String[] phones = rows.stream().map(r -> r.details().phone()).filter(Objects::nonNull).toArray(String[]::new);
        String[] emails = rows.stream().map(r -> r.details().email()).filter(Objects::nonNull).map(ImportBatch::lower)
                .toArray(String[]::new);
        Existing existing = new Existing();
        for (Supporter s : supporters.findByPhonesOrEmails(phones, emails)) {
            if (s.phone() != null) {
                existing.byPhone.put(s.phone(), s);
            }
            if (s.email() != null) {
                existing.byEmail.put(lower(s.email()), s);
            }
        }
        return existing;
    }

    private static String lower(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private static final class Existing {
        final Map<String, Supporter> byPhone = new HashMap<>();
        final Map<String, Supporter> byEmail = new HashMap<>();
    }
}
