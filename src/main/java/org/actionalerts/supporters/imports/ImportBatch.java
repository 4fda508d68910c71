package org.actionalerts.supporters.imports;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentDao;
import org.actionalerts.consent.ConsentService;
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
 * <p>The status columns are written by the same statement that writes the supporter row, with the status of the
 * batch's last consent event for that channel (or left as they are when there is none), and the events
 * themselves are inserted in the same transaction: the result is exactly that of appending each event with
 * {@link ConsentDao#append}, without rewriting every row a second and third time.
 */
final class ImportBatch {
    interface Rejections {
        void reject(long line, String reason);
    }

    private static final String SOURCE = "import";

    private final SupporterDao supporters;
    private final ConsentDao consentDao;
    private final String evidencePrefix;
    private int created;
    private int updated;

    ImportBatch(Handle handle, String evidencePrefix) {
        this.supporters = handle.attach(SupporterDao.class);
        this.consentDao = handle.attach(ConsentDao.class);
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
        ConsentChanges consent = new ConsentChanges();
        boolean[] smsSuppressed = suppressed(rows, Channel.SMS);
        boolean[] emailSuppressed = suppressed(rows, Channel.EMAIL);
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
                consent.fromRow(match.id(), row, match.smsStatus(), match.emailStatus(),
                        newPhone && smsSuppressed[i], newEmail && emailSuppressed[i]);
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
        consent.write();
    }

    private void writeUpdates(Map<Long, SupporterDetails> updates, ConsentChanges consent) {
        int n = updates.size();
        Long[] ids = new Long[n];
        Columns columns = new Columns(n);
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
    private void insertFresh(List<ImportRow> fresh, ConsentChanges consent, boolean[] smsSuppressed,
                             boolean[] emailSuppressed) {
        int n = fresh.size();
        Columns columns = new Columns(n);
        String[] sms = new String[n];
        String[] email = new String[n];
        List<List<Decision>> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ImportRow row = fresh.get(i);
            columns.set(i, row.details());
            List<Decision> rowDecisions = consent.decideRow(row, ConsentStatus.NONE, ConsentStatus.NONE,
                    smsSuppressed[i], emailSuppressed[i]);
            decisions.add(rowDecisions);
            sms[i] = ConsentStatus.NONE.wireName();
            email[i] = ConsentStatus.NONE.wireName();
            for (Decision d : rowDecisions) {
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
            for (Decision decision : decisions.get(i)) {
                consent.add(id, decision);
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

    /**
     * Which of the new rows' numbers (or addresses) were suppressed when an unsubscribed person was erased:
     * element i is row i. Each digest is computed once and looked up with one query per channel.
     */
    private boolean[] suppressed(List<ImportRow> rows, Channel channel) {
        boolean[] suppressed = new boolean[rows.size()];
        byte[][] digests = new byte[rows.size()][];
        List<byte[]> present = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String address = channel == Channel.SMS ? rows.get(i).details().phone() : rows.get(i).details().email();
            if (address != null) {
                digests[i] = ConsentService.digest(channel, address);
                present.add(digests[i]);
            }
        }
        if (present.isEmpty()) {
            return suppressed;
        }
        Set<ByteBuffer> found = new HashSet<>();
        for (byte[] d : consentDao.suppressed(channel.wireName(), present.toArray(byte[][]::new))) {
            found.add(ByteBuffer.wrap(d));
        }
        if (found.isEmpty()) {
            return suppressed;
        }
        for (int i = 0; i < digests.length; i++) {
            suppressed[i] = digests[i] != null && found.contains(ByteBuffer.wrap(digests[i]));
        }
        return suppressed;
    }

    private static String lower(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private static final class Existing {
        final Map<String, Supporter> byPhone = new HashMap<>();
        final Map<String, Supporter> byEmail = new HashMap<>();
    }

    /** The columns of a batch of supporters, as arrays for unnest(). Tags travel as PostgreSQL array literals. */
    private static final class Columns {
        final String[] firstNames;
        final String[] lastNames;
        final String[] phones;
        final String[] emails;
        final String[] languages;
        final String[] states;
        final String[] counties;
        final String[] postalCodes;
        final String[] tags;

        Columns(int n) {
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

    private record Decision(Channel channel, ConsentStatus status, String why) {}

    /**
     * Consent events for the batch, written with one statement. The rules are those of {@link ConsentService}:
     * "yes" subscribes only someone whose status is none; "no" records an opt-out for someone subscribed
     * (an explicit no in a spreadsheet is respected: texting someone a list says not to is the worse mistake).
     */
    private final class ConsentChanges {
        final List<Long> ids = new ArrayList<>();
        final List<String> channels = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> evidence = new ArrayList<>();
        /** Per supporter and channel, the status of the batch's last event. */
        final Map<Long, String> lastSms = new HashMap<>();
        final Map<Long, String> lastEmail = new HashMap<>();

        void fromRow(long id, ImportRow row, ConsentStatus sms, ConsentStatus email, boolean smsSuppressed, boolean emailSuppressed) {
            for (Decision d : decideRow(row, sms, email, smsSuppressed, emailSuppressed)) {
                add(id, d);
            }
        }

        List<Decision> decideRow(ImportRow row, ConsentStatus sms, ConsentStatus email, boolean smsSuppressed,
                                 boolean emailSuppressed) {
            List<Decision> decisions = new ArrayList<>(2);
            decide(decisions, row, Channel.SMS, sms, row.smsOptIn(), row.details().phone() != null, smsSuppressed);
            decide(decisions, row, Channel.EMAIL, email, row.emailOptIn(), row.details().email() != null, emailSuppressed);
            return decisions;
        }

        private void decide(List<Decision> decisions, ImportRow row, Channel channel, ConsentStatus current,
                            Boolean optIn, boolean hasAddress, boolean suppressed) {
            if (suppressed) {
                if (current != ConsentStatus.UNSUBSCRIBED) {
                    decisions.add(new Decision(channel, ConsentStatus.UNSUBSCRIBED, "unsubscribed before erasure (suppression list)"));
                }
            } else if (Boolean.TRUE.equals(optIn) && hasAddress && current == ConsentStatus.NONE) {
                decisions.add(new Decision(channel, ConsentStatus.SUBSCRIBED, "line " + row.line()));
            } else if (Boolean.FALSE.equals(optIn) && current == ConsentStatus.SUBSCRIBED) {
                decisions.add(new Decision(channel, ConsentStatus.UNSUBSCRIBED, "line " + row.line()));
            }
        }

        void add(long id, Decision d) {
            ids.add(id);
            channels.add(d.channel().wireName());
            statuses.add(d.status().wireName());
            evidence.add(evidencePrefix + ", " + d.why());
            (d.channel() == Channel.SMS ? lastSms : lastEmail).put(id, d.status().wireName());
        }

        /** The status the supporter's row should get for the channel; null when this batch does not change it. */
        String lastStatus(long id, Channel channel) {
            return (channel == Channel.SMS ? lastSms : lastEmail).get(id);
        }

        void write() {
            if (!ids.isEmpty()) {
                consentDao.insertEvents(ids.toArray(Long[]::new), channels.toArray(String[]::new),
                        statuses.toArray(String[]::new), SOURCE, evidence.toArray(String[]::new));
            }
        }
    }
}
