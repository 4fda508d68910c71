package org.actionalerts.supporters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.inbound.TwilioSignature;
import org.actionalerts.support.Api;
import org.actionalerts.support.Await;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.FakeTwilio;
import org.actionalerts.support.IncomingTexts;
import org.actionalerts.support.Providers;
import org.actionalerts.support.TestApp;
import org.actionalerts.support.TwilioSignatures;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Erasing a supporter forgets them everywhere: campaign texts and their receipts, a STOP and its answer, a text the
 * processor set aside, a test send to their number, their cases with threads and notes, the contact details another
 * case holds for them, and who they were in the audit log. What stays is the digest that keeps an unsubscribed
 * number blocked, and one audit row saying who erased which id, when.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErasureTest {
    static final String PUBLIC = "https://alerts.example.org";
    static final FakeTwilio TWILIO = FakeTwilio.start();
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            Providers.settings(TWILIO, null, "publicBaseUrl", PUBLIC, "assistance.retentionJob", "false"));
    static final AtomicInteger N = new AtomicInteger(7700);
    static Api admin;
    static Api staff;
    static Api attorney;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        staff = admin.withNewToken("staff");
        long user = admin.post("/api/v1/users", """
                {"name": "Ana Attorney", "email": "ana.attorney@example.org", "role": "attorney",
                 "queues": ["state-local-advocacy"], "password": "correct horse battery"}""").json().get("id").asLong();
        attorney = admin.as(admin.post("/api/v1/tokens", "{\"name\": \"ana\", \"role\": \"attorney\", \"userId\": " + user + "}")
                .json().get("token").asText());
        jdbi = TestApp.jdbi(APP);
    }

    @AfterAll
    static void tearDown() {
        TWILIO.close();
    }

    record Person(long id, String phone, String email, String surname) {}

    static Person person(String first, String last, boolean smsOptIn, String tag) {
        int n = N.incrementAndGet();
        String phone = "+1301555" + n;
        String email = first.toLowerCase() + "." + n + "@example.org";
        Api.Reply r = staff.post("/api/v1/supporters", "{\"firstName\": \"" + first + "\", \"lastName\": \"" + last
                + "\", \"phone\": \"" + phone + "\", \"email\": \"" + email + "\", \"smsOptIn\": " + smsOptIn
                + ", \"tags\": [\"" + tag + "\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Person(r.json().get("id").asLong(), phone, email, last);
    }

    static long openCase(String contact, String message) {
        Api.Reply r = attorney.post("/api/v1/cases", "{" + contact + ", \"message\": \"" + message + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        assertThat(attorney.patch("/api/v1/cases/" + id, "{\"status\": \"assigned\"}").status()).isEqualTo(200);
        return id;
    }

    static void resolve(long caseId) {
        assertThat(attorney.patch("/api/v1/cases/" + caseId, "{\"status\": \"resolved\"}").status()).isEqualTo(200);
    }

    static List<FakeTwilio.Received> awaitTexts(String to, int count) {
        Await.until(count + " texts to a supporter", () -> TWILIO.messagesTo(to).size() >= count);
        return TWILIO.messagesTo(to);
    }

    @Test
    void erasingAPersonLeavesNothingOfThemButTheSuppressionDigest() throws Exception {
        Person p = person("Erin", "Quintero", true, "erasure-all");
        long list = staff.post("/api/v1/lists", "{\"name\": \"erasure all\"}").json().get("id").asLong();
        staff.post("/api/v1/lists/" + list + "/members", "{\"supporterIds\": [" + p.id() + "]}");

        // A campaign text, delivered and reported back by Twilio; a test send of it to the same number.
        long campaign = staff.post("/api/v1/campaigns", "{\"name\": \"erasure all\", \"channels\": [\"sms\"], "
                + "\"audience\": {\"tags\": [\"erasure-all\"]}, \"sms\": {\"body\": {\"en\": \"Call the sheriff today\"}}}")
                .json().get("id").asLong();
        assertThat(staff.send("/api/v1/campaigns/" + campaign + "/launch", "POST", null, new byte[0]).status()).isEqualTo(202);
        String alertSid = awaitTexts(p.phone(), 1).get(0).sid();
        assertThat(statusCallback(alertSid, "delivered")).isEqualTo(204);
        assertThat(staff.post("/api/v1/campaigns/" + campaign + "/test", "{\"phone\": \"" + p.phone() + "\"}").status())
                .isEqualTo(202);
        awaitTexts(p.phone(), 2);

        // STOP, answered; and a text the processor gave up on, which keeps the sender's number and no supporter.
        String stopSid = "SM" + "e".repeat(32);
        assertThat(IncomingTexts.post(staff, PUBLIC, IncomingTexts.text(stopSid, p.phone(), "STOP"), true).status())
                .isEqualTo(200);
        IncomingTexts.awaitProcessed(jdbi, stopSid);
        awaitTexts(p.phone(), 3);
        assertThat(staff.get("/api/v1/supporters/" + p.id()).json().get("smsStatus").asText()).isEqualTo("unsubscribed");
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO inbound_messages (message_sid, from_phone, body, kind, attempts, processed_at)
                VALUES (:sid, :phone, 'Erin here, garbled', 'failed', 5, now())""")
                .bind("sid", "SM" + "f".repeat(32)).bind("phone", p.phone()).execute());

        // Their own case, open, with a thread, a note and a reply (by email: they stopped texts); an attorney reads
        // their record.
        long own = openCase("\"name\": \"Erin Quintero\", \"phone\": \"" + p.phone() + "\", \"email\": \"" + p.email() + "\"",
                "Erin's brother was detained");
        assertThat(attorney.post("/api/v1/cases/" + own + "/notes", "{\"body\": \"Erin called twice\"}").status()).isEqualTo(201);
        assertThat(attorney.post("/api/v1/cases/" + own + "/replies", "{\"channel\": \"email\", \"body\": \"Erin, we will call\"}")
                .status()).isEqualTo(202);
        assertThat(attorney.get("/api/v1/cases/" + own + "/requester").status()).isEqualTo(200);

        // Someone else's case that gave Erin's email as where to answer, and was answered there.
        Person other = person("Olivia", "Other", false, "erasure-other");
        long theirs = openCase("\"name\": \"Olivia Other\", \"phone\": \"" + other.phone() + "\", \"email\": \"" + p.email() + "\"",
                "a question about 287(g)");
        assertThat(attorney.post("/api/v1/cases/" + theirs + "/replies", "{\"channel\": \"email\", \"body\": \"Here is the answer\"}")
                .status()).isEqualTo(202);
        // When their number last got an automatic acknowledgement, kept as a digest (as Acknowledgements writes it).
        byte[] ackDigest = java.security.MessageDigest.getInstance("SHA-256").digest(p.phone().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO sms_acknowledgements (phone_digest, sent_at) VALUES (:d, now()) "
                + "ON CONFLICT DO NOTHING").bind("d", ackDigest).execute());
        assertThat(findings(p)).as("before the erasure, the person is all over the database").hasSizeGreaterThan(10);

        // Staff may not erase someone waiting for legal help; nothing is erased.
        Api.Reply refused = staff.delete("/api/v1/supporters/" + p.id());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asInt()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("open request for legal help", "admin");
        assertThat(refused.body()).doesNotContain(p.phone(), p.email(), "Erin");
        assertThat(staff.get("/api/v1/supporters/" + p.id()).status()).isEqualTo(200);
        assertThat(attorney.get("/api/v1/cases/" + own).json().get("thread").size()).isEqualTo(2);

        // An admin may, and the open case goes with them.
        ClockedApplication.CLOCK.set(ClockedApplication.CLOCK.instant().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
        Instant erasedAt = ClockedApplication.CLOCK.instant();
        assertThat(admin.delete("/api/v1/supporters/" + p.id()).status()).isEqualTo(204);
        assertThat(staff.get("/api/v1/supporters/" + p.id()).status()).isEqualTo(404);
        assertThat(attorney.get("/api/v1/cases/" + own).status()).isEqualTo(404);

        assertThat(findings(p)).as("every table, every text and id column").containsExactly("audit_log.supporter_id");
        int acknowledgements = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM sms_acknowledgements WHERE phone_digest = :d")
                .bind("d", ackDigest).mapTo(Integer.class).one());
        assertThat(acknowledgements).as("a digest of a phone number can be reversed").isZero();
        int receipts = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM delivery_receipts WHERE provider_id = :sid")
                .bind("sid", alertSid).mapTo(Integer.class).one());
        assertThat(receipts).as("a provider id leads back to the number at Twilio").isZero();
        JsonNode audit = admin.get("/api/v1/audit?supporterId=" + p.id()).json().get("items");
        assertThat(audit).hasSize(1);
        JsonNode erasure = audit.get(0);
        assertThat(erasure.get("action").asText()).isEqualTo("supporter.erase");
        assertThat(erasure.get("actorName").asText()).isEqualTo("ADMIN_TOKEN");
        assertThat(Instant.parse(erasure.get("at").asText())).isEqualTo(erasedAt);
        assertThat(erasure.get("caseId").isNull()).isTrue();
        assertThat(erasure.get("detail").isNull()).isTrue();

        // The other case keeps its own requester and number, not Erin's address; its words are its own.
        Map<String, Object> contact = jdbi.withHandle(h -> h.createQuery(
                "SELECT supporter_id, contact_name, contact_phone, contact_email FROM cases WHERE id = :id")
                .bind("id", theirs).mapToMap().one());
        assertThat(contact.get("supporter_id")).as("Olivia's phone beside Erin's address: the case stands alone").isNull();
        assertThat(contact.get("contact_name")).isEqualTo("Olivia Other");
        assertThat(contact.get("contact_phone")).isEqualTo(other.phone());
        assertThat(contact.get("contact_email")).isNull();

        // The unsubscribed number stays blocked: only its digest is kept, and a new record of it starts unsubscribed.
        byte[] digest = ConsentService.digest(Channel.SMS, p.phone());
        int suppressed = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM suppressions WHERE channel = 'sms' AND digest = :d")
                .bind("d", digest).mapTo(Integer.class).one());
        assertThat(suppressed).isEqualTo(1);
        Api.Reply again = staff.post("/api/v1/supporters", "{\"phone\": \"" + p.phone() + "\", \"smsOptIn\": true}");
        assertThat(again.json().get("smsStatus").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void staffMayEraseSomeoneWhoseRequestIsResolved() {
        Person p = person("Rita", "Rinaldi", false, "erasure-resolved");
        long c = openCase("\"phone\": \"" + p.phone() + "\"", "a question");
        resolve(c);
        assertThat(staff.delete("/api/v1/supporters/" + p.id()).status()).isEqualTo(204);
        assertThat(attorney.get("/api/v1/cases/" + c).status()).as("their cases go with them").isEqualTo(404);
        assertThat(findings(p)).containsExactly("audit_log.supporter_id");
        JsonNode audit = admin.get("/api/v1/audit?supporterId=" + p.id()).json().get("items");
        assertThat(audit).extracting(a -> a.get("action").asText()).containsExactly("supporter.erase");
        assertThat(audit.get(0).get("actorName").asText()).isEqualTo("staff-test");
    }

    @Test
    void attorneysCannotEraseAnyone() {
        Person p = person("Ada", "Keller", false, "erasure-kept");
        assertThat(attorney.delete("/api/v1/supporters/" + p.id()).status()).isEqualTo(403);
        assertThat(staff.get("/api/v1/supporters/" + p.id()).status()).isEqualTo(200);
    }

    /**
     * Where the person still appears, as table.column: every text, varchar, array and JSON column of every table
     * searched for their number (digits, so any formatting is found), their email and their surname, and every
     * supporter id column for their id.
     */
    static List<String> findings(Person p) {
        String digits = p.phone().substring(2);
        List<String> found = new ArrayList<>();
        jdbi.useHandle(h -> {
            List<Map<String, Object>> columns = h.createQuery("""
                    SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                     ORDER BY c.table_name, c.ordinal_position""").mapToMap().list();
            for (Map<String, Object> col : columns) {
                String table = (String) col.get("table_name");
                String column = (String) col.get("column_name");
                String type = (String) col.get("data_type");
                String from = "\"" + table + "\"";
                String ref = from + ".\"" + column + "\"";
                boolean text = List.of("text", "character varying", "jsonb", "json", "ARRAY").contains(type);
                boolean supporterId = "bigint".equals(type) && (column.endsWith("supporter_id")
                        || ("supporters".equals(table) && "id".equals(column)));
                int hits = 0;
                if (text) {
                    hits = h.createQuery("SELECT count(*) FROM " + from + " WHERE CAST(" + ref + " AS text) ILIKE ANY(:needles)")
                            .bind("needles", new String[] {"%" + digits + "%", "%" + p.email() + "%", "%" + p.surname() + "%"})
                            .mapTo(Integer.class).one();
                } else if (supporterId) {
                    hits = h.createQuery("SELECT count(*) FROM " + from + " WHERE " + ref + " = :id").bind("id", p.id())
                            .mapTo(Integer.class).one();
                }
                if (hits > 0) {
                    found.add(table + "." + column);
                }
            }
        });
        return found;
    }

    static int statusCallback(String sid, String status) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("MessageStatus", status);
        params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        Api anonymous = admin.as(null);
        return anonymous.sendWithHeader("/webhooks/twilio/status", "POST", "application/x-www-form-urlencoded",
                IncomingTexts.form(params), TwilioSignature.HEADER,
                TwilioSignatures.compute(FakeTwilio.AUTH_TOKEN, PUBLIC + "/webhooks/twilio/status", params)).status();
    }
}
