package org.actionalerts.supporters.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * POST /api/v1/supporters/import with the files people actually export from spreadsheets. Each test uses its
 * own numbers (the 301-555-04xx block, xx per test) so the tests do not depend on each other.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CsvImportApiTest {
    static final String IMPORT = "/api/v1/supporters/import";
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;

    @BeforeAll
    static void tokens() {
        staff = TestApp.api(APP).withNewToken("staff");
    }

    @Test
    void importsAPlainFileWithEveryKnownColumn() {
        JsonNode result = importOk("""
                first_name,last_name,phone,email,language,state,county,postal_code,tags,sms_opt_in,email_opt_in
                Ana,Reyes,(301) 555-0101,ana.import@example.org,es-MX,md, Frederick County ,21701,rapid-response; 287g ;rapid-response,yes,no
                """);
        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(result.get("updated").asInt()).isEqualTo(0);
        assertThat(result.get("rejected")).isEmpty();

        JsonNode ana = byPhone("+13015550101");
        assertThat(ana.get("firstName").asText()).isEqualTo("Ana");
        assertThat(ana.get("email").asText()).isEqualTo("ana.import@example.org");
        assertThat(ana.get("language").asText()).isEqualTo("es");
        assertThat(ana.get("state").asText()).isEqualTo("MD");
        assertThat(ana.get("county").asText()).isEqualTo("Frederick County");
        assertThat(ana.get("postalCode").asText()).isEqualTo("21701");
        assertThat(ana.get("tags")).extracting(JsonNode::asText).containsExactly("rapid-response", "287g");
        assertThat(ana.get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(ana.get("emailStatus").asText()).isEqualTo("none");

        JsonNode event = staff.get("/api/v1/supporters/" + ana.get("id").asText() + "/consent").json().get("items").get(0);
        assertThat(event.get("source").asText()).isEqualTo("import");
        assertThat(event.get("evidence").asText()).contains("line 2");
    }

    @Test
    void byteOrderMarkAndWindowsLineEndingsAreHandled() {
        byte[] file = bytes("\uFEFFphone,first_name\r\n301-555-0201,Bom\r\n301-555-0202,Crlf\r\n12,Bad\r\n");
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(2);
        assertThat(rejectedLines(result)).containsExactly(4L);
        assertThat(byPhone("+13015550201").get("firstName").asText()).isEqualTo("Bom");
        assertThat(byPhone("+13015550202").get("firstName").asText()).isEqualTo("Crlf");
    }

    @Test
    void quotedFieldsWithCommasAndNewlinesKeepLaterLineNumbersRight() {
        String file = "first_name,last_name,phone\r\n"                  // line 1
                + "\"Reyes, Ana\",\"O'Neil \"\"Jr\"\"\",301-555-0301\r\n" // line 2
                + "\"Two\nline\",X,301-555-0302\n"                      // lines 3-4
                + "Bad,One,12345\n"                                     // line 5
                + "\"Three\r\nline\r\nname\",Y,301-555-0303\r\n"        // lines 6-8
                + "Bad,Two,999\n";                                      // line 9
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(3);
        assertThat(rejectedLines(result)).containsExactly(5L, 9L);
        assertThat(result.get("rejected").get(0).get("reason").asText()).contains("phone");

        assertThat(byPhone("+13015550301").get("firstName").asText()).isEqualTo("Reyes, Ana");
        assertThat(byPhone("+13015550301").get("lastName").asText()).isEqualTo("O'Neil \"Jr\"");
        assertThat(byPhone("+13015550302").get("firstName").asText()).contains("Two").contains("line");
    }

    @Test
    void blankLinesAreSkippedButCounted() {
        String file = "phone,first_name\n\n301-555-0401,A\n\n\n   \n301-555-0402,B\n,\nbad,C\n";
        // lines: 1 header, 2 blank, 3 A, 4-6 blank, 7 B, 8 only a separator, 9 bad
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(2);
        assertThat(rejectedLines(result)).containsExactly(9L);
    }

    @Test
    void anUnterminatedQuoteRejectsTheRestOfTheFileButKeepsTheRowsBeforeIt() {
        String file = "phone,first_name\n301-555-0451,Kept\n301-555-0452,\"Never closed\n301-555-0453,Lost\n";
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(rejectedLines(result)).containsExactly(3L);
        assertThat(result.get("rejected").get(0).get("reason").asText()).containsIgnoringCase("quote");
        assertThat(byPhone("+13015550451").get("firstName").asText()).isEqualTo("Kept");
    }

    @Test
    void rowsWithMissingOrExtraCellsAreRead() {
        String file = "phone,first_name,last_name\n301-555-0461\n301-555-0462,Extra,Cells,surplus,more\n";
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(2);
        assertThat(byPhone("+13015550462").get("lastName").asText()).isEqualTo("Cells");
    }

    @Test
    void unknownColumnsAreIgnoredAndHeadersAreForgiving() {
        String file = "Member ID,First Name,PHONE,Favourite Colour,sms-opt-in\n77,Ignacio,301-555-0501,green,1\n";
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(1);
        JsonNode s = byPhone("+13015550501");
        assertThat(s.get("firstName").asText()).isEqualTo("Ignacio");
        assertThat(s.get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(s.toString()).doesNotContain("green");
    }

    @Test
    void aDuplicateRowInsideTheFileIsRejectedNamingTheFirstLine() {
        String file = """
                phone,email,first_name
                301-555-0601,,First
                301-555-0602,dup.email@example.org,Other
                (301) 555-0601,,Again
                ,DUP.EMAIL@example.org,EmailAgain
                """;
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(2);
        assertThat(rejectedLines(result)).containsExactly(4L, 5L);
        assertThat(result.get("rejected").get(0).get("reason").asText()).contains("line 2");
        assertThat(result.get("rejected").get(1).get("reason").asText()).contains("line 3");
        assertThat(byPhone("+13015550601").get("firstName").asText()).isEqualTo("First");
    }

    @Test
    void aRowWithBytesThatAreNotUtf8IsRejectedAndTheOthersKept() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(bytes("phone,first_name\n301-555-0701,José\n301-555-0702,"));
        file.writeBytes(new byte[] {'J', 'o', 's', (byte) 0xE9}); // "José" in Latin-1
        file.writeBytes(bytes("\n301-555-0703,Zoë\n"));
        JsonNode result = importOk(file.toByteArray());
        assertThat(result.get("created").asInt()).isEqualTo(2);
        assertThat(rejectedLines(result)).containsExactly(3L);
        assertThat(result.get("rejected").get(0).get("reason").asText()).containsIgnoringCase("utf-8");
        assertThat(byPhone("+13015550701").get("firstName").asText()).isEqualTo("José");
        assertThat(byPhone("+13015550703").get("firstName").asText()).isEqualTo("Zoë");
        assertThat(find("q=0702")).isEmpty();
    }

    @Test
    void badRowsAreRejectedWithTheirLineAndReasonWhileGoodRowsAreCreated() {
        String file = """
                phone,email,state,sms_opt_in
                301-555-0801,,MD,yes
                555-1234,,MD,yes
                301-555-0802,,XX,yes
                301-555-0803,,MD,maybe
                ,,MD,yes
                301-555-0804,not-an-email,MD,
                301-555-0805,,DC,no
                """;
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(2);
        assertThat(rejectedLines(result)).containsExactly(3L, 4L, 5L, 6L, 7L);
        List<String> reasons = new ArrayList<>();
        result.get("rejected").forEach(r -> reasons.add(r.get("reason").asText()));
        assertThat(reasons.get(0)).contains("phone");
        assertThat(reasons.get(1)).contains("state");
        assertThat(reasons.get(2)).contains("sms_opt_in");
        assertThat(reasons.get(3)).contains("phone").contains("email");
        assertThat(reasons.get(4)).contains("email");
        assertThat(byPhone("+13015550801").get("smsStatus").asText()).isEqualTo("subscribed");
        assertThat(byPhone("+13015550805").get("smsStatus").asText()).isEqualTo("none");
    }

    @Test
    void rowsMatchingExistingSupportersByPhoneElseEmailUpdateThem() {
        String byPhoneId = create("{\"phone\":\"301-555-0901\",\"firstName\":\"Old\",\"state\":\"MD\",\"tags\":[\"a\"]}");
        String byEmailId = create("{\"email\":\"match.me@example.org\",\"firstName\":\"Mail\"}");
        String file = """
                phone,email,first_name,county,tags
                +1 301 555 0901,,New,Howard County,b
                ,Match.Me@Example.org,,Baltimore County,
                301-555-0902,,Fresh,,
                """;
        JsonNode result = importOk(file);
        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(result.get("updated").asInt()).isEqualTo(2);
        assertThat(result.get("rejected")).isEmpty();

        JsonNode phoneMatch = staff.get("/api/v1/supporters/" + byPhoneId).json();
        assertThat(phoneMatch.get("firstName").asText()).isEqualTo("New");
        assertThat(phoneMatch.get("county").asText()).isEqualTo("Howard County");
        assertThat(phoneMatch.get("state").asText()).as("blank cells keep what we had").isEqualTo("MD");
        assertThat(phoneMatch.get("tags")).extracting(JsonNode::asText).containsExactly("a", "b");

        JsonNode emailMatch = staff.get("/api/v1/supporters/" + byEmailId).json();
        assertThat(emailMatch.get("firstName").asText()).isEqualTo("Mail");
        assertThat(emailMatch.get("county").asText()).isEqualTo("Baltimore County");
        assertThat(emailMatch.get("email").asText()).isEqualTo("match.me@example.org");
    }

    @Test
    void importingTheSameFileTwiceUpdatesInsteadOfDuplicating() {
        String file = "phone,first_name\n301-555-1001,Once\n301-555-1002,Twice\n";
        assertThat(importOk(file).get("created").asInt()).isEqualTo(2);
        JsonNode again = importOk(file);
        assertThat(again.get("created").asInt()).isEqualTo(0);
        assertThat(again.get("updated").asInt()).isEqualTo(2);
        assertThat(find("q=" + "555-1001")).hasSize(1);
    }

    @Test
    void anImportNeverResubscribesSomeoneWhoUnsubscribed() {
        String id = create("{\"phone\":\"301-555-1101\",\"email\":\"gone@example.org\",\"smsOptIn\":true,\"emailOptIn\":true}");
        staff.patch("/api/v1/supporters/" + id, "{\"smsOptIn\":false,\"emailOptIn\":false}");

        JsonNode result = importOk("phone,email,sms_opt_in,email_opt_in\n301-555-1101,gone@example.org,yes,true\n");
        assertThat(result.get("updated").asInt()).isEqualTo(1);
        JsonNode s = staff.get("/api/v1/supporters/" + id).json();
        assertThat(s.get("smsStatus").asText()).isEqualTo("unsubscribed");
        assertThat(s.get("emailStatus").asText()).isEqualTo("unsubscribed");
        assertThat(staff.get("/api/v1/supporters/" + id + "/consent").json().get("items")).hasSize(4);
    }

    @Test
    void anImportNeverResubscribesAnErasedNumberThatHadUnsubscribed() {
        String id = create("{\"phone\":\"301-555-1201\",\"smsOptIn\":true}");
        staff.patch("/api/v1/supporters/" + id, "{\"smsOptIn\":false}");
        assertThat(staff.delete("/api/v1/supporters/" + id).status()).isEqualTo(204);

        assertThat(importOk("phone,sms_opt_in\n3015551201,yes\n").get("created").asInt()).isEqualTo(1);
        assertThat(byPhone("+13015551201").get("smsStatus").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void anImportAddingASuppressedNumberToAnExistingSupporterDoesNotSubscribeIt() {
        String gone = create("{\"phone\":\"301-555-1251\",\"smsOptIn\":true}");
        staff.patch("/api/v1/supporters/" + gone, "{\"smsOptIn\":false}");
        staff.delete("/api/v1/supporters/" + gone);
        String emailOnly = create("{\"email\":\"now.with.phone@example.org\"}");

        JsonNode result = importOk("email,phone,sms_opt_in\nnow.with.phone@example.org,301-555-1251,yes\n");
        assertThat(result.get("updated").asInt()).isEqualTo(1);
        JsonNode s = staff.get("/api/v1/supporters/" + emailOnly).json();
        assertThat(s.get("phone").asText()).isEqualTo("+13015551251");
        assertThat(s.get("smsStatus").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void aHeaderWithoutPhoneOrEmailIs422AndNothingIsImported() {
        Api.Reply reply = staff.postCsv(IMPORT, "first_name,last_name\nAna,Reyes\n");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("code").asInt()).isEqualTo(422);
        assertThat(reply.json().get("message").asText()).contains("phone").contains("email");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void anEmptyBodyIs422() {
        Api.Reply reply = staff.postCsv(IMPORT, "");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("code").asInt()).isEqualTo(422);

        Api.Reply onlyBlankLines = staff.postCsv(IMPORT, "\n\n");
        assertThat(onlyBlankLines.status()).isEqualTo(422);
    }

    @Test
    void aHeaderAloneImportsNothing() {
        JsonNode result = importOk("phone,email\n");
        assertThat(result.get("created").asInt()).isZero();
        assertThat(result.get("updated").asInt()).isZero();
        assertThat(result.get("rejected")).isEmpty();
    }

    @Test
    void jsonSentToTheImportIs415() {
        Api.Reply reply = staff.post(IMPORT, "{\"phone\":\"301-555-1301\"}");
        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.json().get("code").asInt()).isEqualTo(415);
        assertThat(find("q=555-1301")).isEmpty();
    }

    private static JsonNode importOk(String csv) {
        return importOk(bytes(csv));
    }

    private static JsonNode importOk(byte[] csv) {
        Api.Reply reply = staff.postCsv(IMPORT, csv);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<Long> rejectedLines(JsonNode result) {
        List<Long> lines = new ArrayList<>();
        result.get("rejected").forEach(r -> lines.add(r.get("line").asLong()));
        return lines;
    }

    private static JsonNode byPhone(String e164) {
        List<JsonNode> found = find("q=" + java.net.URLEncoder.encode(e164, StandardCharsets.UTF_8));
        assertThat(found).as(e164).hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> find(String query) {
        Api.Reply reply = staff.get("/api/v1/supporters?limit=500&" + query);
        assertThat(reply.status()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        reply.json().get("items").forEach(items::add);
        return items;
    }

    private static String create(String json) {
        Api.Reply reply = staff.post("/api/v1/supporters", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
