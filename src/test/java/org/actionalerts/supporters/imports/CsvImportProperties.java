package org.actionalerts.supporters.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.Generated;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CSV import through the API with files mixing good rows and bad ones (invalid phone or email, a wrong yes/no,
 * nothing to reach the person by, stray quotes, control characters, line breaks inside quoted cells): every bad
 * row is rejected with the line it starts on, every good row beside them is imported.
 */
@ExtendWith({DropwizardExtensionsSupport.class, Generated.Cases.class})
class CsvImportProperties {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static final AtomicInteger PHONES = new AtomicInteger();
    static Api staff;
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        staff = TestApp.api(APP).withNewToken("staff");
        jdbi = TestApp.jdbi(APP);
    }

    /** One row: its cells (first_name, phone, email, sms_opt_in) and whether it must be imported. */
    record Row(List<String> cells, boolean good) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void eachRowIsImportedOrRejectedWithItsLine(String label, List<Row> rows) {
        StringBuilder csv = new StringBuilder("first_name,phone,email,sms_opt_in\n");
        long line = 2;
        Set<Long> badLines = new TreeSet<>();
        List<String> goodPhones = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String phone = row.good() ? String.format("+1301555%04d", PHONES.incrementAndGet() % 10_000) : null;
            List<String> cells = new ArrayList<>(row.cells());
            if (row.good()) {
                cells.set(1, phone);
                goodPhones.add(phone);
            } else {
                badLines.add(line);
            }
            String written = String.join(",", cells.stream().map(CsvImportProperties::quoted).toList());
            csv.append(written).append(row.good() && i % 2 == 0 ? "\r\n" : "\n");
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

    static final String[] OPT_INS = {"", "yes", "no", "TRUE", "0", " y "};

    /** Each kind of bad row, made from a text. */
    static final List<Function<String, Row>> BAD_ROWS = List.of(
            t -> new Row(List.of(t, "not a phone " + t, "", ""), false),
            t -> new Row(List.of(t, "", "no-at-sign" + t.replace("@", ""), ""), false),
            t -> new Row(List.of(t, "+13015550000", "", "perhaps"), false),
            t -> new Row(List.of("x" + t, "", "", ""), false),
            t -> new Row(List.of("line\nbreak " + t, "phone?", "", ""), false),
            t -> new Row(List.of("nul\u0000" + t, "", "", "maybe"), false));

    static Row good(String name, String optIn) {
        return new Row(List.of(name, "", "", optIn), true);
    }

    static Stream<Arguments> eachRowIsImportedOrRejectedWithItsLine() {
        List<Row> everyBadKind = BAD_ROWS.stream().map(f -> f.apply("\"")).toList();
        List<Row> alternating = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            alternating.add(i % 2 == 0 ? good("Ana \"A\", ñ", OPT_INS[i % OPT_INS.length]) : BAD_ROWS.get(i % BAD_ROWS.size()).apply("\n"));
        }
        Stream<Arguments> edges = Stream.of(
                Generated.edge("one good row, empty name", List.of(good("", ""))),
                Generated.edge("one bad row, empty text", List.of(BAD_ROWS.get(0).apply(""))),
                Generated.edge("every kind of bad row", everyBadKind),
                Generated.edge("8 rows, good and bad in turn", alternating),
                Generated.edge("a good row for every yes/no", Stream.of(OPT_INS).map(o -> good("😀" + o, o)).toList()));
        return Stream.concat(edges, Generated.cases("eachRowIsImportedOrRejectedWithItsLine", 100,
                g -> g.list(1, 8, () -> g.bool() ? goodRow(g) : badRow(g))));
    }

    static Row goodRow(Generated g) {
        return good(g.string("abcÁñé 😀\"',;-", 30), g.pick(OPT_INS));
    }

    static Row badRow(Generated g) {
        return g.pick(BAD_ROWS).apply(g.string("abcÁñé 😀\"',;\t", 20));
    }
}
