package org.actionalerts.supporters.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentBatch;
import org.actionalerts.consent.ConsentStatus;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.actionalerts.supporters.SupporterDao;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An import is one transaction: it reads each batch's people, decides their consent from what it read, and writes.
 * A person who opts out in between (a STOP acted on, an unsubscribe link) must stay opted out: the import's write
 * step never turns "unsubscribed" into "subscribed", and the opt-in it had decided is not recorded as if it took.
 * Here the import's write step runs (through the import's own DAO and consent batch, on the real database) after the
 * person's opt-out has committed, as it would have in that race.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ImportMeetsAStopTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
    }

    @Test
    void anOptInDecidedBeforeAnOptOutDoesNotUndoIt() {
        Api.Reply made = staff.post("/api/v1/supporters",
                "{\"firstName\":\"Marta\",\"phone\":\"+13015550971\",\"email\":\"marta.race@example.org\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        // What the import read: no consent yet; what it decided: opt in to both (the file said "yes").
        // Meanwhile the person opts out of both, and that commits first.
        jdbi.useHandle(h -> h.execute(
                "UPDATE supporters SET sms_status = 'unsubscribed', email_status = 'unsubscribed' WHERE id = ?", id));

        jdbi.useTransaction(h -> {
            ConsentBatch consent = new ConsentBatch("import");
            consent.add(id, Channel.SMS, ConsentStatus.SUBSCRIBED, "file test.csv, line 2");
            consent.add(id, Channel.EMAIL, ConsentStatus.SUBSCRIBED, "file test.csv, line 2");
            h.attach(SupporterDao.class).updateImported(new Long[] {id}, new String[] {"Marta"}, new String[] {null},
                    new String[] {"+13015550971"}, new String[] {"marta.race@example.org"}, new String[] {"es"},
                    new String[] {null}, new String[] {null}, new String[] {null}, new String[] {"{}"},
                    new String[] {consent.lastStatus(id, Channel.SMS)}, new String[] {consent.lastStatus(id, Channel.EMAIL)});
            consent.write(h);
        });

        var supporter = staff.get("/api/v1/supporters/" + id).json();
        assertThat(supporter.get("smsStatus").asText()).isEqualTo("unsubscribed");
        assertThat(supporter.get("emailStatus").asText()).isEqualTo("unsubscribed");
        assertThat(supporter.get("language").asText()).as("the rest of the row is imported").isEqualTo("es");
        List<String> optIns = jdbi.withHandle(h -> h.createQuery(
                "SELECT channel FROM consent_events WHERE supporter_id = :id AND status = 'subscribed'")
                .bind("id", id).mapTo(String.class).list());
        assertThat(optIns).as("opt-ins recorded for the import").isEmpty();
    }
}
