package org.actionalerts.supporters.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;

/**
 * CSV import through the API with files mixing good rows and bad ones (invalid phone or email, a wrong yes/no,
 * nothing to reach the person by, stray quotes, control characters, line breaks inside quoted cells): every bad
 * row is rejected with the line it starts on, every good row beside them is imported.
 */
class CsvImportProperties {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static final AtomicInteger PHONES = new AtomicInteger();
    static Api staff;
    static Jdbi jdbi;

    @BeforeContainer
    static void start() throws Exception {
        APP.before();
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
    }

    @AfterContainer
    static void stop() {
        APP.after();
    }

    /** One row: its cells (first_name, phone, email, sms_opt_in) and whether it must be imported. */
    record Row(List<String> cells, boolean good) {}

    @Property(tries = 100)
    void eachRowIsImportedOrRejectedWithItsLine(@ForAll("files") List<Row> rows) {
        StringBuilder csv = new StringBuilder("first_name,phone,email,sms_opt_in\n");
        long line = 2;
        Set<Long> badLines = new TreeSet<>();
        List<String> goodPhones = new ArrayList<>();
        for (Row row : rows) {
            String phone = row.good() ? String.format("+1301555%04d", PHONES.incrementAndGet() % 10_000) : null;
            List<String> cells = new ArrayList<>(row.cells());
            if (row.good()) {
                cells.set(1, phone);
                goodPhones.add(phone);
            } else {
                badLines.add(line);
            }
            String written = String.join(",", cells.stream().map(CsvImportProperties::quoted).toList());
            csv.append(written).append(row.good() && rows.indexOf(row) % 2 == 0 ? "\r\n" : "\n");
            line += 1 + written.chars().filter(c -> c == '\n').count();
        }
        Api.Reply reply = staff.postCsv("/api/v1/supporters/import", csv.toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json();
        assertThat(result.get("created").asInt() + result.get("updated").asInt()).as(reply.body()).isEqualTo(goodPhones.size());
        Set<Long> rejected = new TreeSet<>();
        result.get("rejected").forEach(r -> rejected.add(r.get("line").asLong()));
        assertThat(rejected).as(csv.toString()).isEqualTo(badLines);
        int found = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM supporters WHERE phone = ANY(:p)")
                .bind("p", goodPhones.toArray(String[]::new)).mapTo(Integer.class).one());
        assertThat(found).isEqualTo(goodPhones.size());
    }

    static String quoted(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    @Provide
    Arbitrary<List<Row>> files() {
        return Arbitraries.oneOf(goodRow(), badRow()).list().ofMinSize(1).ofMaxSize(8);
    }

    Arbitrary<String> anyText() {
        return Arbitraries.strings().withChars("abcÁñé 😀\"',;\t").ofMaxLength(20);
    }

    Arbitrary<Row> goodRow() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcÁñé 😀\"',;-").ofMaxLength(30);
        Arbitrary<String> optIn = Arbitraries.of("", "yes", "no", "TRUE", "0", " y ");
        return Combinators.combine(name, optIn).as((n, o) -> new Row(List.of(n, "", "", o), true));
    }

    Arbitrary<Row> badRow() {
        Arbitrary<String> text = anyText();
        return Arbitraries.oneOf(
                text.map(t -> new Row(List.of(t, "not a phone " + t, "", ""), false)),
                text.map(t -> new Row(List.of(t, "", "no-at-sign" + t.replace("@", ""), ""), false)),
                text.map(t -> new Row(List.of(t, "+13015550000", "", "perhaps"), false)),
                text.map(t -> new Row(List.of("x" + t, "", "", ""), false)),
                text.map(t -> new Row(List.of("line\nbreak " + t, "phone?", "", ""), false)),
                text.map(t -> new Row(List.of("nul\u0000" + t, "", "", "maybe"), false)));
    }
}
