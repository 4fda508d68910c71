package org.actionalerts.supporters.imports;

import java.util.ArrayList;
import java.util.HashMap;
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
 * Writes one batch of checked rows with a handful of statements: one lookup of existing supporters, one batched
 * insert, one batched update, one batch of consent events. Matching is by phone, else by email.
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
        List<Long> updateIds = new ArrayList<>();
        List<SupporterDetails> updateDetails = new ArrayList<>();
        ConsentChanges consent = new ConsentChanges();

        for (ImportRow row : rows) {
            Supporter byPhone = row.details().phone() == null ? null : existing.byPhone.get(row.details().phone());
            Supporter byEmail = row.details().email() == null ? null : existing.byEmail.get(lower(row.details().email()));
            if (byPhone != null && byEmail != null && byPhone.id() != byEmail.id()) {
                rejections.reject(row.line(), "phone belongs to supporter " + byPhone.id() + " but email to supporter " + byEmail.id());
                continue;
            }
            Supporter match = byPhone != null ? byPhone : byEmail;
            if (match == null) {
                fresh.add(row);
            } else {
                updateIds.add(match.id());
                updateDetails.add(merge(match, row.details()));
                consent.fromRow(match.id(), row, match.smsStatus(), match.emailStatus(), false, false);
            }
        }

        if (!updateIds.isEmpty()) {
            supporters.updateAll(updateIds, updateDetails);
            updated += updateIds.size();
        }
        if (!fresh.isEmpty()) {
            long[] ids = supporters.insertAll(fresh.stream().map(ImportRow::details).toList());
            Set<String> suppressed = suppressed(fresh);
            for (int i = 0; i < ids.length; i++) {
                ImportRow row = fresh.get(i);
                consent.fromRow(ids[i], row, ConsentStatus.NONE, ConsentStatus.NONE,
                        row.details().phone() != null && suppressed.contains(hex(Channel.SMS, row.details().phone())),
                        row.details().email() != null && suppressed.contains(hex(Channel.EMAIL, row.details().email())));
            }
            created += ids.length;
        }
        consent.write();
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

    /** Which of the new rows' numbers and addresses were suppressed when an unsubscribed person was erased. */
    private Set<String> suppressed(List<ImportRow> rows) {
        Set<String> found = new java.util.HashSet<>();
        for (Channel channel : Channel.values()) {
            byte[][] digests = rows.stream()
                    .map(r -> channel == Channel.SMS ? r.details().phone() : r.details().email())
                    .filter(Objects::nonNull)
                    .map(a -> ConsentService.digest(channel, a))
                    .toArray(byte[][]::new);
            if (digests.length > 0) {
                for (byte[] d : consentDao.suppressed(channel.wireName(), digests)) {
                    found.add(channel.wireName() + java.util.HexFormat.of().formatHex(d));
                }
            }
        }
        return found;
    }

    private static String hex(Channel channel, String address) {
        return channel.wireName() + java.util.HexFormat.of().formatHex(ConsentService.digest(channel, address));
    }

    private static String lower(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private static final class Existing {
        final Map<String, Supporter> byPhone = new HashMap<>();
        final Map<String, Supporter> byEmail = new HashMap<>();
    }

    /**
     * Consent events for the batch, written in one JDBC batch. The rules are those of {@link ConsentService}:
     * "yes" subscribes only someone whose status is none; "no" records an opt-out for someone subscribed
     * (an explicit no in a spreadsheet is respected: texting someone a list says not to is the worse mistake).
     */
    private final class ConsentChanges {
        final List<Long> ids = new ArrayList<>();
        final List<String> channels = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> evidence = new ArrayList<>();

        void fromRow(long id, ImportRow row, ConsentStatus sms, ConsentStatus email, boolean smsSuppressed, boolean emailSuppressed) {
            decide(id, row, Channel.SMS, sms, row.smsOptIn(), row.details().phone() != null, smsSuppressed);
            decide(id, row, Channel.EMAIL, email, row.emailOptIn(), row.details().email() != null, emailSuppressed);
        }

        private void decide(long id, ImportRow row, Channel channel, ConsentStatus current, Boolean optIn,
                            boolean hasAddress, boolean suppressed) {
            if (suppressed) {
                add(id, channel, ConsentStatus.UNSUBSCRIBED, "unsubscribed before erasure (suppression list)");
            } else if (Boolean.TRUE.equals(optIn) && hasAddress && current == ConsentStatus.NONE) {
                add(id, channel, ConsentStatus.SUBSCRIBED, "line " + row.line());
            } else if (Boolean.FALSE.equals(optIn) && current == ConsentStatus.SUBSCRIBED) {
                add(id, channel, ConsentStatus.UNSUBSCRIBED, "line " + row.line());
            }
        }

        private void add(long id, Channel channel, ConsentStatus status, String why) {
            ids.add(id);
            channels.add(channel.wireName());
            statuses.add(status.wireName());
            evidence.add(evidencePrefix + ", " + why);
        }

        void write() {
            if (!ids.isEmpty()) {
                consentDao.appendAll(ids, channels, statuses, SOURCE, evidence);
            }
        }
    }
}
