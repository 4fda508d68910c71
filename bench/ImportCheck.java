import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Behaviour snapshot of the CSV import, for checking that a performance change altered nothing: runs a fixed
 * scenario of imports (creates, updates, consent changes, suppressed numbers, conflicts, duplicates, two rows
 * matching one supporter in one batch, blank cells) against a fresh service and prints every import answer,
 * every supporter and every consent history with ids, timestamps and tokens taken out. Run it against the
 * build before and after a change and diff the two outputs:
 *
 * <pre>
 *   java bench/ImportCheck.java http://localhost:18080 $ADMIN_TOKEN > after.txt
 * </pre>
 *
 * (bench/run-import-check.sh does the starting, stopping and diffing.) The database must be empty.
 */
public class ImportCheck {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;
    private static String staff;
    private static final StringBuilder OUT = new StringBuilder();

    public static void main(String[] args) throws Exception {
        base = args[0].replaceAll("/+$", "");
        String admin = args[1];
        String t = send("POST", "/api/v1/tokens", admin, "application/json", "{\"name\":\"check\",\"role\":\"staff\"}");
        staff = field(t, "token");

        String header = "first_name,last_name,phone,email,language,state,county,postal_code,tags,sms_opt_in,email_opt_in\n";
        // 1. Creates: opt-ins of every spelling, blank cells, tags needing quoting, bad rows, in-file duplicates.
        importCsv("create", header
                + "Ana,García,(301) 565-4807,ana@example.org,es-MX,md,Frederick County,21701,\"a;b; a ;\"\"q\"\"\",yes,y\n"
                + "Luis,,301.565.4808,,,,,,,true,\n"
                + ",,,LUIS2@Example.org,en,DC,,20009,x\\y;z,,1\n"
                + "Bad,Phone,555,bad@example.org,,,,,,,\n"
                + "Dup,Phone,+1 301 565 4807,other@example.org,,,,,,,\n"
                + "Dup,Email,,ANA@example.org,,,,,,,\n"
                + "No,Contact,,,,,,,,,\n"
                + "\n"
                + "Carmen,Rivera,13015654809,carmen@example.org,es,VA,\"Fairfax, County\",22041,,no,0\n"
                + "Sub,Both,2405550101,sub@example.org,,MD,,,,1,1\n"
                + "Bad,Flag,2405550102,flag@example.org,,,,,,maybe,\n"
                + "Bad,State,2405550103,,,ZZ,,,,,\n"
                + "Only,Email,,only@example.org,,,,,,,yes\n");

        // 2. Someone opts out via the API and is erased: their number and address stay suppressed.
        String sub = findId("sub@example.org");
        send("PATCH", "/api/v1/supporters/" + sub, staff, "application/json", "{\"smsOptIn\":false,\"emailOptIn\":false}");
        send("DELETE", "/api/v1/supporters/" + sub, staff, null, null);

        // 3. Updates and a re-import of the erased person; conflicts; two rows matching one supporter.
        importCsv("update", header
                + "Ana,,(301) 565-4807,,,,,,c;a,no,\n"                       // opt-out of subscribed sms
                + "Luis,Pérez,301.565.4808,luis@example.org,,,,,d,,yes\n"    // gains an email, subscribes it
                + "Luis2,,,luis2@example.org,,,,,,,no\n"                     // email match, opt-out
                + "Carmen,,13015654809,,,,,,,yes,yes\n"                      // was none: subscribes
                + "Sub,Again,2405550101,sub@example.org,,,,,,yes,yes\n"      // suppressed: new person, unsubscribed
                + "Mix,Up,301 565 4807,carmen@example.org,,,,,,,\n"          // phone of Ana, email of Carmen: rejected
                + "Only,ByPhone,2405550104,only@example.org,,,,,e,1,\n"      // email match gains phone
                + "Only,Again,2405550104,,,,,,,,\n"                          // same phone as the row above: duplicate
                + "New,Person,2405550105,new@example.org,fr,PR,,00901,,1,1\n");

        // 4. Two rows of one batch hitting one supporter: one by phone, one by email.
        importCsv("same supporter twice", header
                + "First,Row,13015654809,,,,,,t1,,\n"
                + "Second,Row,,carmen@example.org,,,Other County,,t2,no,no\n");

        // 5. A file that is only a header, and one with an unknown column and CRLF + BOM.
        importCsv("header only", header);
        importCsv("bom crlf", "\uFEFFphone,Email,favourite_colour,SMS-Opt-In\r\n2405550106,bom@example.org,blue,yes\r\n");

        // 6. Many batches: 2,000 supporters, then 24,000 rows mixing new people, invalid numbers, duplicates inside
        //    the file and rows whose phone and email belong to two different supporters (refused while writing),
        //    so that more than 10,000 rows are refused and which of them are listed depends on their order.
        StringBuilder existing = new StringBuilder("phone,email,sms_opt_in\n");
        for (int i = 0; i < 2000; i++) {
            existing.append(phone(i)).append(",p").append(i).append("@example.net,").append(i % 3 == 0 ? "yes" : "").append('\n');
        }
        importCsv("2,000 to match", existing.toString());
        StringBuilder many = new StringBuilder("phone,email,tags,sms_opt_in,email_opt_in\n");
        int conflicts = 0;
        for (int j = 0; j < 24_000; j++) {
            switch (j % 4) {
                case 0 -> many.append(phone(10_000 + j)).append(",n").append(j).append("@example.net,t").append(j % 5).append(",1,no\n");
                case 1 -> many.append("12,bad").append(j).append("@example.net,,,\n");
                case 2 -> {
                    if (conflicts < 1000) { // phone of supporter 2k, email of supporter 2k+1
                        many.append(phone(2 * conflicts)).append(",p").append(2 * conflicts + 1).append("@example.net,,yes,\n");
                        conflicts++;
                    } else {
                        many.append(phone(10_000 + j)).append(",,u,no,\n");
                    }
                }
                default -> many.append(phone(10_000 + j - 3)).append(",again").append(j).append("@example.net,,,\n");
            }
        }
        importCsv("many batches", many.toString());
        OUT.append("== supporters with tag t3: ")
                .append(send("GET", "/api/v1/supporters?limit=100&tag=t3", staff, null, null).split("\"id\"").length - 1)
                .append('\n');

        dumpAll();
        System.out.print(OUT);
    }

    /** A valid, distinct number for each i below 8,000,000: 301-200-0000 onwards. */
    private static String phone(int i) {
        return "+1301" + (2_000_000 + i);
    }

    private static void importCsv(String what, String csv) throws Exception {
        OUT.append("== import ").append(what).append('\n').append(send("POST", "/api/v1/supporters/import", staff,
                "text/csv", csv)).append('\n');
    }

    private static void dumpAll() throws Exception {
        String page = send("GET", "/api/v1/supporters?limit=100", staff, null, null);
        OUT.append("== supporters\n");
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"?([^\",}]+)").matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        for (String id : ids) {
            String s = send("GET", "/api/v1/supporters/" + id, staff, null, null);
            OUT.append(scrub(s)).append('\n');
            OUT.append("   consent: ").append(scrub(send("GET", "/api/v1/supporters/" + id + "/consent", staff, null, null)))
                    .append('\n');
        }
    }

    private static String findId(String email) throws Exception {
        String page = send("GET", "/api/v1/supporters?limit=100&q=" + email, staff, null, null);
        return field(page, "id");
    }

    /** Timestamps and the numbers of erased/renumbered rows are not behaviour. */
    private static String scrub(String json) {
        return json.replaceAll("\"(createdAt|updatedAt|at)\"\\s*:\\s*\"[^\"]*\"", "\"$1\":\"T\"");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String send(String method, String path, String token, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return String.format(Locale.ROOT, "%d %s", r.statusCode(), r.body());
    }
}
