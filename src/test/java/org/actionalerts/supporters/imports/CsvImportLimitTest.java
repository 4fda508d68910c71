package org.actionalerts.supporters.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A CSV body over limits.csvImportBytes is refused with 413 and nothing of it is stored, however it is sent. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CsvImportLimitTest {
    static final int LIMIT = 2048;
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP =
            TestApp.create(ConfigOverride.config("limits.csvImportBytes", String.valueOf(LIMIT)));
    static Api staff;

    @BeforeAll
    static void tokens() {
        staff = TestApp.api(APP).withNewToken("staff");
    }

    @Test
    void aFileUnderTheLimitIsImported() {
        byte[] file = csv(1, 20); // well under 2 KB
        assertThat(file.length).isLessThan(LIMIT);
        Api.Reply reply = staff.postCsv(CsvImportApiTest.IMPORT, file);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("created").asInt()).isEqualTo(20);
        // The query the other tests use to show "nothing imported" does find imported rows.
        assertThat(staff.get("/api/v1/supporters?q=301515").json().get("items")).hasSize(20);
    }

    @Test
    void aFileOverTheLimitWithContentLengthIs413AndNothingIsImported() {
        byte[] file = csv(2, 200);
        assertThat(file.length).isGreaterThan(LIMIT);
        Api.Reply reply = staff.postCsv(CsvImportApiTest.IMPORT, file);
        assertTooLarge(reply);
        assertNothingImportedFromBlock(2);
    }

    @Test
    void aChunkedFileOverTheLimitIs413AndNothingIsImported() {
        // The first rows fit in the limit and would be valid: they must be rolled back with the rest.
        byte[] file = csv(3, 200);
        Api.Reply reply = staff.sendChunked(CsvImportApiTest.IMPORT, "POST", "text/csv", file);
        assertTooLarge(reply);
        assertNothingImportedFromBlock(3);
    }

    @Test
    void theJsonLimitIsNotTheCsvLimit() {
        // JSON bodies keep their own (larger) limit: a 3 KB supporter is fine.
        String name = "x".repeat(150);
        String json = "{\"phone\":\"301-555-9901\",\"firstName\":\"" + name + "\",\"tags\":[" + "\"t\",".repeat(20) + "\"u\"]"
                + ",\"county\":\"" + " ".repeat(2500) + "Howard County\"}";
        assertThat(json.length()).isGreaterThan(LIMIT);
        assertThat(staff.post("/api/v1/supporters", json).status()).isEqualTo(201);
    }

    private static void assertTooLarge(Api.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(413);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().get("code").asInt()).isEqualTo(413);
        assertThat(reply.json().get("message").asText()).isNotBlank();
    }

    private static void assertNothingImportedFromBlock(int block) {
        Api.Reply found = staff.get("/api/v1/supporters?q=" + "3015" + block + "5");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("items")).isEmpty();
    }

    /** rows valid supporters numbered +1 301 5{block}5 xxxx, ~30 bytes each. */
    private static byte[] csv(int block, int rows) {
        StringBuilder s = new StringBuilder("phone,first_name\n");
        for (int i = 0; i < rows; i++) {
            s.append(String.format("(301) 5%d5-%04d,Person%d%n", block, i, i));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
