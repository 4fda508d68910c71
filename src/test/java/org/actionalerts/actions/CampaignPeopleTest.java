package org.actionalerts.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Generated;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The report reads {@code campaign_people}: writers note whom they changed (migration 0026's triggers), drains
 * recompute those people from the facts ({@link ReportPeople}; a report catches its campaign up first), and
 * recipients whose messages are all queued or being sent are counted from the outbox.
 * Whatever writes the facts, in whatever order and batch (a launch, a batch of sends, receipts, clicks, actions by
 * hand or by reply, replies and STOPs attributed and unattributed, a supporter moving county, retention, erasure),
 * each person's row must be what computing it afresh from the facts gives; two transactions changing one
 * person's facts at once must not overwrite each other, nor wait for each other through the report. The report's meaning (what counts as sent, clicked...) is
 * tested through the API in {@link TakeActionTest}.
 */
@ExtendWith({DropwizardExtensionsSupport.class, Generated.Cases.class})
class CampaignPeopleTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            "dispatcher.enabled", "false", "assistance.retentionJob", "false");
    static Jdbi jdbi;

    private static final AtomicInteger PHONES = new AtomicInteger();
    private static final String[] STATUSES = {"queued", "sending", "sent", "delivered", "failed", "suppressed",
            "cancelled"};

    @BeforeAll
    static void setUp() {
        jdbi = TestApp.jdbi(APP);
    }

    static Stream<Arguments> histories() {
        return Generated.cases("histories", 12, g -> g);
    }

    /** After every write, the incremental rows equal the rows recomputed from all the facts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void everyPersonsRowIsWhatTheFactsSay(String name, Generated g) {
        long campaign = campaign();
        List<Long> people = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            people.add(supporter(g.pick("MD", "VA"), g.pick("Montgomery", "Fairfax", null), g.pick("en", "es", "pt")));
        }
        for (int step = 0; step < 30; step++) {
            String what = write(g, campaign, people);
            assertThat(rows(campaign)).as("after step %d (%s)", step, what).isEqualTo(recomputed(campaign));
        }
    }

    /** One random write of facts, as some part of the service (or retention, or erasure) would make it. */
    private static String write(Generated g, long campaign, List<Long> people) {
        long person = people.get(g.intBetween(0, people.size() - 1));
        String channel = g.pick("sms", "email");
        return jdbi.withHandle(h -> switch (g.intBetween(0, 10)) {
            case 0, 1 -> {
                // A launch: several people at once, one or two channels, as queued (sometimes a seeded status).
                int n = 1 + g.intBetween(0, people.size() - 1);
                for (int i = 0; i < n; i++) {
                    long p = people.get(g.intBetween(0, people.size() - 1));
                    String status = g.intBetween(0, 3) == 0 ? g.pick(STATUSES) : "queued";
                    h.createUpdate("""
                            INSERT INTO outbox (kind, campaign_id, supporter_id, channel, needs_consent, status,
                                                not_before, sent_at, error_code)
                            VALUES ('campaign', :c, :p, :ch, true, :st, now() + interval '1 year',
                                    CASE WHEN :st IN ('sent', 'delivered', 'failed') THEN now() END, NULL)
                            ON CONFLICT DO NOTHING""")
                            .bind("c", campaign).bind("p", p).bind("ch", g.pick("sms", "email")).bind("st", status)
                            .execute();
                }
                yield "launch";
            }
            case 2, 3 -> {
                // A batch of outcomes: sent, delivered, failed (a carrier opt-out now and then), or a claim.
                String status = g.pick(STATUSES);
                String code = status.equals("failed") ? g.pick("21610", "30007", null) : null;
                h.createUpdate("""
                        UPDATE outbox SET status = :st, error_code = :code, updated_at = now() + :s * interval '1 s',
                                          sent_at = CASE WHEN :st IN ('sent', 'delivered') THEN coalesce(sent_at, now())
                                                         ELSE sent_at END
                         WHERE campaign_id = :c AND id % 3 <> :skip""")
                        .bind("st", status).bind("code", code).bind("s", g.intBetween(0, 3600)).bind("c", campaign)
                        .bind("skip", g.intBetween(0, 3)).execute();
                yield "outcomes " + status;
            }
            case 4 -> {
                h.createUpdate("""
                        INSERT INTO action_links (code, campaign_id, supporter_id, channel, created_at, first_clicked_at, clicks)
                        VALUES (gen_random_uuid()::text, :c, :p, :ch, now(), now() - :s * interval '1 s', 1)
                        ON CONFLICT (campaign_id, supporter_id, channel) DO UPDATE
                           SET first_clicked_at = coalesce(action_links.first_clicked_at, excluded.first_clicked_at),
                               clicks = action_links.clicks + 1""")
                        .bind("c", campaign).bind("p", person).bind("ch", channel).bind("s", g.intBetween(0, 3600))
                        .execute();
                yield "click";
            }
            case 5 -> {
                h.createUpdate("""
                        INSERT INTO actions (campaign_id, supporter_id, type, source, at)
                        VALUES (:c, :p, :t, 'staff', now() - :s * interval '1 s') ON CONFLICT DO NOTHING""")
                        .bind("c", campaign).bind("p", person).bind("t", g.pick("call", "signed", "reply"))
                        .bind("s", g.intBetween(0, 3600)).execute();
                yield "action";
            }
            case 6 -> {
                h.createUpdate("DELETE FROM actions WHERE campaign_id = :c AND supporter_id = :p")
                        .bind("c", campaign).bind("p", person).execute();
                yield "action removed";
            }
            case 7 -> {
                // A text stored unattributed, then attributed as the inbound processor does (or a help request).
                long id = h.createUpdate("INSERT INTO inbound_messages (message_sid, body, processed_at) VALUES (gen_random_uuid()::text, 'x', now())")
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                h.createUpdate("UPDATE inbound_messages SET supporter_id = :p, kind = :k, campaign_id = :c WHERE id = :id")
                        .bind("p", person).bind("k", g.pick("reply", "opt-out", "help")).bind("c", campaign)
                        .bind("id", id).execute();
                yield "inbound";
            }
            case 8 -> {
                // Retention forgets who sent a text.
                h.createUpdate("UPDATE inbound_messages SET supporter_id = NULL WHERE campaign_id = :c AND id % 3 = :r")
                        .bind("c", campaign).bind("r", g.intBetween(0, 2)).execute();
                yield "inbound forgotten";
            }
            case 9 -> {
                h.createUpdate("UPDATE supporters SET county = :county, language = :lang WHERE id = :p")
                        .bind("county", g.pick("Howard", "Arlington", null)).bind("lang", g.pick("en", "fr"))
                        .bind("p", person).execute();
                yield "moved";
            }
            default -> {
                if (g.intBetween(0, 2) == 0 && people.size() > 3) {
                    h.createUpdate("DELETE FROM supporters WHERE id = :p").bind("p", person).execute();
                    people.remove(person);
                    yield "erased";
                }
                h.createUpdate("DELETE FROM outbox WHERE campaign_id = :c AND supporter_id = :p AND channel = :ch")
                        .bind("c", campaign).bind("p", person).bind("ch", channel).execute();
                yield "message removed";
            }
        });
    }

    /**
     * A delivery receipt and a click for one person in two transactions at once: neither waits for the other, and
     * the report has both once both are committed, also when a drain ran between them.
     */
    @Test
    void aReceiptAndAClickAtOnceKeepBoth() throws Exception {
        long campaign = campaign();
        long person = supporter("MD", "Montgomery", "es");
        long message = sentText(campaign, person);
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO action_links (code, campaign_id, supporter_id, channel, created_at)
                VALUES ('race' || ?, ?, ?, 'sms', now())""", campaign, campaign, person));
        try (Handle receipt = jdbi.open()) {
            receipt.begin();
            receipt.execute("UPDATE outbox SET status = 'delivered' WHERE id = ?", message);
            CompletableFuture.runAsync(() -> jdbi.useTransaction(h -> h.execute(
                    "UPDATE action_links SET first_clicked_at = now(), clicks = 1 WHERE code = ?", "race" + campaign)))
                    .get(10, TimeUnit.SECONDS);
            Map<String, Object> meanwhile = rows(campaign).get(0);
            assertThat(meanwhile.get("clicked_at")).isNotNull();
            assertThat(meanwhile.get("delivered")).isEqualTo(false);
            receipt.commit();
        }
        Map<String, Object> row = rows(campaign).get(0);
        assertThat(row.get("supporter_id")).isEqualTo(person);
        assertThat(row.get("delivered")).isEqualTo(true);
        assertThat(row.get("clicked_at")).isNotNull();
        assertThat(rows(campaign)).isEqualTo(recomputed(campaign));
    }

    /**
     * A STOP racing a carrier opt-out (21610) for the same person: the inbound processor holds the supporter and
     * attributes the STOP while a receipt's transaction has recorded the failure and is about to opt them out
     * (it waits for the supporter). Keeping the report must add no lock between them (it once made this a deadlock).
     */
    @Test
    void aStopRacingACarrierOptOutDoesNotWaitForTheReport() throws Exception {
        long campaign = campaign();
        long person = supporter("VA", "Fairfax", "en");
        long message = sentText(campaign, person);
        long text = jdbi.withHandle(h -> h.createUpdate(
                "INSERT INTO inbound_messages (message_sid, body, processed_at) VALUES (gen_random_uuid()::text, 'STOP', now())")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        try (Handle receipt = jdbi.open(); Handle inbound = jdbi.open()) {
            receipt.begin();
            receipt.execute("UPDATE outbox SET status = 'failed', error_code = '21610' WHERE id = ?", message);
            inbound.begin();
            inbound.execute("SELECT 1 FROM supporters WHERE id = ? FOR UPDATE", person);
            CompletableFuture.runAsync(() -> inbound.execute(
                    "UPDATE inbound_messages SET kind = 'opt-out', campaign_id = ?, supporter_id = ? WHERE id = ?",
                    campaign, person, text)).get(10, TimeUnit.SECONDS);
            inbound.commit();
            receipt.execute("UPDATE supporters SET sms_status = 'unsubscribed' WHERE id = ?", person);
            receipt.commit();
        }
        Map<String, Object> row = rows(campaign).get(0);
        assertThat(row.get("failed")).isEqualTo(true);
        assertThat(row.get("opted_out_at")).isNotNull();
        assertThat(rows(campaign)).isEqualTo(recomputed(campaign));
    }

    /**
     * An import moves someone to another county while their receipt is drained: the drain, not seeing the import yet,
     * writes the old county; once the import commits, the report has the new one.
     */
    @Test
    void anImportMovingSomeoneWhileTheirReceiptIsDrainedEndsWithTheirNewCounty() {
        long campaign = campaign();
        long person = supporter("MD", "Montgomery", "en");
        // Queued: no outcome yet, so no row yet when the import notes whom it moved.
        long message = jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO outbox (kind, campaign_id, supporter_id, channel, needs_consent, not_before)
                VALUES ('campaign', :c, :p, 'sms', true, now() + interval '1 year')""")
                .bind("c", campaign).bind("p", person).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        try (Handle importing = jdbi.open()) {
            importing.begin();
            importing.execute("UPDATE supporters SET county = 'Howard' WHERE id = ?", person);
            jdbi.useHandle(h -> h.execute("UPDATE outbox SET status = 'delivered' WHERE id = ?", message));
            Map<String, Object> meanwhile = rows(campaign).get(0);
            assertThat(meanwhile.get("delivered")).isEqualTo(true);
            assertThat(meanwhile.get("county")).isEqualTo("Montgomery");
            importing.commit();
        }
        assertThat(rows(campaign).get(0).get("county")).isEqualTo("Howard");
    }

    /** What an erasure racing a drain can leave behind (a row of someone who no longer exists) is forgotten. */
    @Test
    void rowsOfPeopleWhoNoLongerExistAreForgotten() {
        long campaign = campaign();
        long kept = supporter("MD", "Howard", "es");
        sentText(campaign, kept);
        long gone = jdbi.withHandle(h -> h.createQuery("SELECT max(id) + 1000 FROM supporters").mapTo(Long.class).one());
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO campaign_people (campaign_id, supporter_id, language, state, county, recipient, sent)
                VALUES (?, ?, 'es', 'MD', 'Howard', true, true)""", campaign, gone));
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO campaign_people_changes (campaign_id, supporter_id) VALUES (?, ?)", campaign, gone));

        assertThat(new ReportPeople(jdbi).forgetErased()).isEqualTo(1);
        assertThat(rows(campaign)).extracting(r -> r.get("supporter_id")).containsExactly(kept);
        int notes = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM campaign_people_changes WHERE supporter_id = ?")
                .bind(0, gone).mapTo(Integer.class).one());
        assertThat(notes).isZero();
    }

    private static long sentText(long campaign, long person) {
        return jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO outbox (kind, campaign_id, supporter_id, channel, needs_consent, status, not_before, sent_at)
                VALUES ('campaign', :c, :p, 'sms', true, 'sent', now() + interval '1 year', now())""")
                .bind("c", campaign).bind("p", person).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private static long campaign() {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO campaigns (name, channels, audience, templates, status, created_by, created_at, launched_at)
                VALUES ('people', ARRAY['sms', 'email'], '{}', '{}', 'sending', 'test', now(), now()) RETURNING id""")
                .mapTo(Long.class).one());
    }

    private static long supporter(String state, String county, String language) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO supporters (first_name, phone, language, state, county, sms_status, email_status)
                VALUES ('P', :phone, :l, :s, :c, 'subscribed', 'none') RETURNING id""")
                .bind("phone", "+1301" + (3_000_000 + PHONES.incrementAndGet())).bind("l", language).bind("s", state).bind("c", county).mapTo(Long.class).one());
    }

    /** The campaign's people as the report reads them (rows kept by the triggers, and those whose messages are all queued or being sent). */
    private static List<Map<String, Object>> rows(long campaign) {
        return jdbi.withHandle(h -> rows(h, campaign));
    }

    /**
     * The campaign's people computed afresh from every fact (a row for everyone, the queued too), in a
     * transaction rolled back afterwards.
     */
    private static List<Map<String, Object>> recomputed(long campaign) {
        return jdbi.withHandle(h -> {
            h.begin();
            try {
                h.createQuery("""
                        SELECT campaign_people_refresh(array_agg(:c::bigint), array_agg(supporter_id)) FROM (
                            SELECT supporter_id FROM campaign_people WHERE campaign_id = :c
                            UNION SELECT supporter_id FROM outbox WHERE campaign_id = :c AND kind = 'campaign'
                            UNION SELECT supporter_id FROM actions WHERE campaign_id = :c
                            UNION SELECT supporter_id FROM action_links WHERE campaign_id = :c
                            UNION SELECT supporter_id FROM inbound_messages WHERE campaign_id = :c) k
                         WHERE supporter_id IS NOT NULL""").bind("c", campaign).mapTo(String.class).findOne();
                return rows(h, campaign);
            } finally {
                h.rollback();
            }
        });
    }

    private static List<Map<String, Object>> rows(Handle h, long campaign) {
        assertThat(ReportPeople.catchUp(h, campaign)).isTrue();
        return h.createQuery(CampaignReport.PEOPLE + " SELECT * FROM people ORDER BY supporter_id")
                .bind("id", campaign).mapToMap().list();
    }
}
