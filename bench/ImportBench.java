import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSV import benchmark (issue 2): generates N unique, realistic supporters, imports them through the API
 * twice (first pass creates every row, second pass updates every row) and prints rows/s for each pass.
 *
 * <pre>
 *   java bench/ImportBench.java [rows=100000] [baseUrl=http://localhost:8080] [adminToken=$ADMIN_TOKEN]
 * </pre>
 *
 * Plain Java 17, no dependencies: run it against any running service whose database it may fill.
 * bench/run-import-bench.sh builds the service, starts it on a fresh embedded database and runs this.
 * Exit status 0 only when both passes did exactly what they should (created == N, then updated == N,
 * nothing rejected).
 */
public class ImportBench {
    // Real Maryland area codes; exchanges 200-999 and any line number are valid numbers for libphonenumber.
    private static final String[] AREA_CODES = {"301", "240", "410", "443"};
    private static final int NUMBERS_PER_AREA = 800 * 10_000;
    private static final String[] FIRST = {"Maria", "José", "Ana", "Luis", "Carmen", "Juan", "Rosa", "Carlos",
            "Guadalupe", "Miguel", "Sofía", "Jorge", "Elena", "Pedro", "Lucía", "James", "Mary", "John", "Patricia",
            "Robert", "Jennifer", "Michael", "Linda", "David", "Aisha", "Kwame", "Nguyen", "Fatima", "Omar", "Mei"};
    private static final String[] LAST = {"García", "Rodríguez", "Martínez", "Hernández", "López", "González",
            "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Smith", "Johnson", "Williams", "Brown",
            "Jones", "Miller", "Davis", "Wilson", "O'Brien", "Nguyen", "Tran", "Okafor", "Mensah", "Khan"};
    private static final String[][] PLACES = {
            {"MD", "Frederick County", "21701"}, {"MD", "Montgomery County", "20902"},
            {"MD", "Prince George's County", "20782"}, {"MD", "Baltimore County", "21228"},
            {"MD", "Baltimore City", "21224"}, {"MD", "Anne Arundel County", "21061"},
            {"MD", "Harford County", "21014"}, {"MD", "Carroll County", "21157"},
            {"VA", "Fairfax County", "22041"}, {"VA", "Loudoun County", "20164"}, {"DC", "", "20009"},
            {"PA", "York County", "17401"}, {"TX", "Harris County", "77036"}, {"FL", "Collier County", "34142"}};
    private static final String[] TAGS = {"rapid-response", "volunteer", "donor", "know-your-rights",
            "court-watch", "vigil", "youth", "faith", "legal-clinic", "phone-bank"};
    private static final String[] DOMAINS = {"example.org", "example.com", "example.net", "mail.example.org"};
    private static final String HEADER =
            "first_name,last_name,phone,email,language,state,county,postal_code,tags,sms_opt_in,email_opt_in";

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        String baseUrl = args.length > 1 ? args[1].replaceAll("/+$", "") : "http://localhost:8080";
        String adminToken = args.length > 2 ? args[2] : System.getenv("ADMIN_TOKEN");
        if (adminToken == null || adminToken.isBlank()) {
            System.err.println("usage: java bench/ImportBench.java [rows] [baseUrl] [adminToken]  (or set ADMIN_TOKEN)");
            System.exit(2);
        }
        if (rows < 1 || rows > AREA_CODES.length * NUMBERS_PER_AREA) {
            throw new IllegalArgumentException("rows must be between 1 and " + AREA_CODES.length * NUMBERS_PER_AREA);
        }

        Path csv = Files.createTempFile("import-bench-", ".csv");
        try {
            long t0 = System.nanoTime();
            generate(csv, rows, new Random(20_260_101L));
            System.out.printf(Locale.ROOT, "generated %,d rows (%.1f MB) in %.1f s: %s%n", rows,
                    Files.size(csv) / 1e6, seconds(System.nanoTime() - t0), csv);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String staff = staffToken(http, baseUrl, adminToken);

            Pass create = importFile(http, baseUrl, staff, csv);
            report("create pass", rows, create);
            Pass update = importFile(http, baseUrl, staff, csv);
            report("update pass", rows, update);

            boolean ok = create.created == rows && create.updated == 0 && create.rejectedCount == 0
                    && update.created == 0 && update.updated == rows && update.rejectedCount == 0;
            System.out.printf(Locale.ROOT, "RESULT rows=%d create_s=%.2f create_rows_per_s=%.0f update_s=%.2f "
                            + "update_rows_per_s=%.0f %s%n", rows, create.seconds, rows / create.seconds,
                    update.seconds, rows / update.seconds, ok ? "OK" : "FAILED");
            if (!ok) {
                System.exit(1);
            }
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** Writes the CSV: every phone and email distinct, phone written in the formats people actually use. */
    static void generate(Path file, int rows, Random random) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write("\r\n");
            StringBuilder line = new StringBuilder(200);
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                String first = pick(random, FIRST);
                String last = pick(random, LAST);
                String[] place = pick(random, PLACES);
                boolean spanish = random.nextInt(100) < 45;
                boolean hasEmail = random.nextInt(100) < 85;
                cell(line, first).append(',');
                cell(line, last).append(',');
                cell(line, phone(i, random.nextInt(4))).append(',');
                cell(line, hasEmail ? email(i, first, last) : "").append(',');
                line.append(spanish ? (random.nextInt(5) == 0 ? "es-MX" : "es") : (random.nextInt(3) == 0 ? "" : "en"))
                        .append(',');
                line.append(place[0]).append(',');
                cell(line, place[1]).append(',');
                line.append(place[2]).append(',');
                cell(line, tags(random)).append(',');
                line.append(optIn(random, 70)).append(',');
                line.append(hasEmail ? optIn(random, 55) : "");
                line.append("\r\n");
                out.append(line);
            }
        }
    }

    /** Row i gets a distinct number: area code i % 4, then a bijection of i / 4 onto exchange 200-999 × line. */
    static String phone(int i, int style) {
        String area = AREA_CODES[i % AREA_CODES.length];
        long j = ((long) (i / AREA_CODES.length) * 1_234_567L + 4_321L) % NUMBERS_PER_AREA; // 1234567 ⟂ 8,000,000
        String exchange = Integer.toString(200 + (int) (j / 10_000));
        String lineNo = String.format(Locale.ROOT, "%04d", j % 10_000);
        return switch (style) {
            case 0 -> "(" + area + ") " + exchange + "-" + lineNo;
            case 1 -> area + "." + exchange + "." + lineNo;
            case 2 -> "+1 " + area + " " + exchange + " " + lineNo;
            default -> "1" + area + exchange + lineNo;
        };
    }

    static String email(int i, String first, String last) {
        String local = ascii(first) + "." + ascii(last) + "." + i;
        return (i % 7 == 0 ? local.toUpperCase(Locale.ROOT) : local) + "@" + DOMAINS[i % DOMAINS.length];
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }

    private static String tags(Random random) {
        int n = random.nextInt(4);
        StringBuilder tags = new StringBuilder();
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                tags.append(';');
            }
            tags.append(pick(random, TAGS));
        }
        return tags.toString();
    }

    private static String optIn(Random random, int yesPercent) {
        int r = random.nextInt(100);
        if (r < yesPercent) {
            return random.nextBoolean() ? "yes" : "true";
        }
        return r < yesPercent + 10 ? "no" : r < yesPercent + 15 ? "0" : "";
    }

    private static StringBuilder cell(StringBuilder line, String value) {
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) {
            return line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        return line.append(value);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    // --- HTTP ---------------------------------------------------------------------------------------------

    record Pass(double seconds, long created, long updated, long rejectedCount, String body) {}

    static String staffToken(HttpClient http, String baseUrl, String adminToken) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tokens"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"import-bench\",\"role\":\"staff\"}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("creating a staff token: HTTP " + response.statusCode() + " " + response.body());
        }
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no token in " + response.body());
        }
        return m.group(1);
    }

    /** One import; the clock covers sending the whole file and reading the whole answer. */
    static Pass importFile(HttpClient http, String baseUrl, String token, Path csv) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/supporters/import"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv; charset=utf-8")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofFile(csv))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double s = seconds(System.nanoTime() - t0);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("import: HTTP " + response.statusCode() + " " + abbreviate(response.body()));
        }
        String body = response.body();
        return new Pass(s, number(body, "created"), number(body, "updated"), number(body, "rejectedCount"), body);
    }

    private static void report(String what, int rows, Pass pass) {
        System.out.printf(Locale.ROOT, "%s: %,d rows in %.2f s = %,.0f rows/s (created %d, updated %d, rejected %d)%n",
                what, rows, pass.seconds, rows / pass.seconds, pass.created, pass.updated, pass.rejectedCount);
        if (pass.rejectedCount > 0) {
            System.out.println("  first rejections: " + abbreviate(pass.body));
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
