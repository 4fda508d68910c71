package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seam the inbound SMS router calls, driven directly inside a transaction as the router does. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CaseIntakeTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            "dispatcher.enabled", "false", "assistance.retentionJob", "false");
    static Jdbi jdbi;
    static CaseIntake intake;

    @BeforeAll
    static void setUp() {
        jdbi = TestApp.jdbi(APP);
        intake = Intakes.of(APP.getConfiguration(), jdbi, ClockedApplication.CLOCK);
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            LEGAL                 | true
            legal                 | true
            '  Legal!!  '         | true
            ASSIST                | true
            ayuda legal           | true
            'AYUDA   LEGAL 🙏'    | true
            ¡Abogado!             | true
            abogado.              | true
            I need legal help     | false
            AYUDA                 | false
            STOP                  | false
            LEGALLY               | false
            ''                    | false
            """)
    void keywords(String text, boolean keyword) {
        assertThat(intake.isAssistanceKeyword(text)).isEqualTo(keyword);
    }

    static long supporter(String phone, String smsStatus) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO supporters (phone, sms_status) VALUES (:p, :s) RETURNING id")
                .bind("p", phone).bind("s", smsStatus).mapTo(Long.class).one());
    }

    static Optional<Long> openCase(long supporterId) {
        return jdbi.withHandle(h -> intake.openCaseFor(h, supporterId));
    }

    static int outbox(long supporterId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE supporter_id = :s").bind("s", supporterId)
                .mapTo(Integer.class).one());
    }

    static List<String> thread(long caseId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT direction || ':' || coalesce(body, '') FROM case_messages WHERE case_id = :c ORDER BY id")
                .bind("c", caseId).mapTo(String.class).list());
    }

    @Test
    void openFromSmsCreatesACaseAndOneAcknowledgement() {
        long s = supporter("+13015550701", "none");
        CaseRef ref = jdbi.inTransaction(h -> intake.openFromSms(h, s, "ABOGADO", "en", "SM-intake-1"));
        assertThat(ref.reference()).startsWith("HR-");
        assertThat(ref.queue()).isEqualTo("state-local-advocacy");
        assertThat(thread(ref.id())).hasSize(2).first().isEqualTo("in:ABOGADO");
        String ack = jdbi.withHandle(h -> h.createQuery("SELECT body FROM outbox WHERE supporter_id = :s AND kind = 'case-ack'")
                .bind("s", s).mapTo(String.class).one());
        assertThat(ack).contains(ref.reference(), "días hábiles");
        assertThat(openCase(s)).contains(ref.id());

        // A keyword again while the case is open joins the same case: no second case, no second acknowledgement.
        CaseRef again = jdbi.inTransaction(h -> intake.openFromSms(h, s, "LEGAL", "en", "SM-intake-2"));
        assertThat(again.id()).isEqualTo(ref.id());
        assertThat(outbox(s)).isEqualTo(1);
    }

    @Test
    void noSmsAcknowledgementToAnUnsubscribedNumber() {
        long s = supporter("+13015550702", "unsubscribed");
        jdbi.useTransaction(h -> intake.openFromSms(h, s, "LEGAL", "en", "SM-intake-3"));
        assertThat(outbox(s)).isZero();
    }

    @Test
    void appendInboundGrowsTheThreadAndReopensARecentlyResolvedCase() {
        long s = supporter("+13015550703", "none");
        CaseRef ref = jdbi.inTransaction(h -> intake.openFromSms(h, s, "LEGAL", "en", "SM-intake-4"));
        jdbi.useTransaction(h -> intake.appendInbound(h, ref.id(), "sms", "They took my husband to the county jail"));
        assertThat(thread(ref.id())).hasSize(3).last().isEqualTo("in:They took my husband to the county jail");

        jdbi.useHandle(h -> h.execute("UPDATE cases SET status = 'resolved', resolved_at = ? WHERE id = ?",
                ClockedApplication.CLOCK.instant(), ref.id()));
        ClockedApplication.CLOCK.advance(Duration.ofDays(3));
        Optional<Long> recent = openCase(s);
        assertThat(recent).contains(ref.id());
        jdbi.useTransaction(h -> intake.appendInbound(h, ref.id(), "sms", "he was detained again"));
        record State(String status, String priority) {}
        State st = jdbi.withHandle(h -> h.createQuery("SELECT status, priority FROM cases WHERE id = :id").bind("id", ref.id())
                .map((rs, ctx) -> new State(rs.getString(1), rs.getString(2))).one());
        assertThat(st).isEqualTo(new State("new", "urgent"));

        // Long after resolution a text is no longer part of the case.
        jdbi.useHandle(h -> h.execute("UPDATE cases SET status = 'resolved', resolved_at = ? WHERE id = ?",
                ClockedApplication.CLOCK.instant(), ref.id()));
        ClockedApplication.CLOCK.advance(Duration.ofDays(15));
        assertThat(openCase(s)).isEmpty();
    }
}
