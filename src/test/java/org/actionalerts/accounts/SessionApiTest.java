package org.actionalerts.accounts;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.ClockedApplication;
import org.actionalerts.support.SessionClient;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * People signing in to the web pages (API.md, Sessions): the cookie, CSRF on every change, the same 401 for a
 * wrong email or password, the lockout, expiry on the application clock, sessions ended by the admin or by a new
 * password, and roles. 127.0.0.1 is a trusted proxy here, so each test's client claims its own address.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SessionApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ClockedApplication.class,
            "dispatcher.enabled", "false",
            "assistance.retentionJob", "false",
            "assistance.helpRequests.perClient", "1000",
            "assistance.helpRequests.trustedProxies", "127.0.0.1, ::1");
    static final String PASSWORD = "correct horse battery staple";
    static final AtomicInteger N = new AtomicInteger();
    static Api admin;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        jdbi = TestApp.jdbi(APP);
    }

    @BeforeEach
    void freshClock() {
        ClockedApplication.CLOCK.set(java.time.Instant.now());
    }

    record Person(long id, String email) {}

    static Person person(String role) {
        String email = "person" + N.incrementAndGet() + "@example.org";
        Api.Reply r = admin.post("/api/v1/users", "{\"name\": \"Person " + N.get() + "\", \"email\": \"" + email
                + "\", \"role\": \"" + role + "\", \"queues\": [\"state-local-advocacy\"], \"password\": \"" + PASSWORD + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain(PASSWORD);
        return new Person(r.json().get("id").asLong(), email);
    }

    /** A client at its own address, so that the per-address limit of one test does not reach another. */
    static SessionClient client() {
        return new SessionClient(admin.base(), "198.51.100." + N.incrementAndGet() % 250);
    }

    static SessionClient signedIn(Person p) {
        SessionClient c = client();
        Api.Reply r = c.signIn(p.email(), PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return c;
    }

    static long newCase() {
        Api.Reply r = admin.post("/api/v1/cases", "{\"phone\": \"+1301555" + String.format("%04d", N.incrementAndGet())
                + "\", \"message\": \"Called about a detainer\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @Test
    void signingInSetsAnHttpOnlyStrictCookieAndTellsThePageItsCsrfToken() {
        Person ana = person("attorney");
        SessionClient c = client();
        Api.Reply r = c.signIn(ana.email().toUpperCase(), PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String setCookie = r.header("Set-Cookie");
        assertThat(setCookie).startsWith("aa_session=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/")
                .doesNotContain("Secure").doesNotContain("Max-Age").doesNotContain("Expires");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = r.json();
        assertThat(body.get("user").get("id").asLong()).isEqualTo(ana.id());
        assertThat(body.get("user").get("email").asText()).isEqualTo(ana.email());
        assertThat(body.get("user").get("role").asText()).isEqualTo("attorney");
        assertThat(body.get("user").get("name").asText()).startsWith("Person ");
        assertThat(body.get("csrfToken").asText()).hasSizeGreaterThan(30);
        assertThat(r.body()).doesNotContain(PASSWORD).doesNotContain("$2").doesNotContain(c.cookie().substring(11));

        // The page reloads: the same body again.
        Api.Reply again = c.get("/api/v1/session");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(body);

        // Only a digest of the secret is kept.
        String secret = c.cookie().substring("aa_session=".length());
        long stored = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM sessions WHERE secret_hash = sha256(convert_to(:s, 'UTF8'))")
                .bind("s", secret).mapTo(Long.class).one());
        assertThat(stored).isEqualTo(1);
        long plain = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM sessions WHERE encode(secret_hash, 'escape') LIKE :s")
                .bind("s", "%" + secret + "%").mapTo(Long.class).one());
        assertThat(plain).isZero();

        // Without a cookie there is no session.
        assertError(client().get("/api/v1/session"), 401);
    }

    @Test
    void onHttpsTheCookieIsSecure() {
        assertThat(new SessionCookie(true).set("x")).isEqualTo("aa_session=x; Path=/; HttpOnly; SameSite=Strict; Secure");
        assertThat(new SessionCookie(true).clear()).contains("Max-Age=0", "Secure", "HttpOnly", "SameSite=Strict");
        assertThat(new SessionCookie(false).set("x")).doesNotContain("Secure");
    }

    @Test
    void aWrongEmailAndAWrongPasswordGetTheSame401() {
        Person ana = person("attorney");
        Api.Reply wrongPassword = client().signIn(ana.email(), "not the password at all");
        Api.Reply wrongEmail = client().signIn("nobody-" + ana.email(), PASSWORD);
        Api.Reply noPassword = client().signIn(ana.email(), "");
        assertError(wrongPassword, 401);
        assertError(wrongEmail, 401);
        assertThat(wrongEmail.body()).isEqualTo(wrongPassword.body());
        assertThat(noPassword.body()).isEqualTo(wrongPassword.body());
        assertThat(wrongPassword.header("Set-Cookie")).isNull();

        // A deactivated user is told nothing more.
        Person gone = person("attorney");
        admin.patch("/api/v1/users/" + gone.id(), "{\"active\": false}");
        assertThat(client().signIn(gone.email(), PASSWORD).body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void withASessionEveryChangeNeedsTheCsrfTokenAndNothingChangesWithoutIt() {
        Person ana = person("attorney");
        SessionClient c = signedIn(ana);
        long id = newCase();

        JsonNode refused = assertError(c.sendWithoutCsrf("POST", "/api/v1/cases/" + id + "/notes", "{\"body\": \"forged\"}"), 403);
        assertThat(refused.get("message").asText()).contains("X-CSRF-Token");
        assertError(c.sendWithoutCsrf("PATCH", "/api/v1/cases/" + id, "{\"status\": \"resolved\"}"), 403);
        assertError(c.sendWithoutCsrf("POST", "/api/v1/cases/claim", null), 403);
        assertError(c.send("POST", "/api/v1/cases/" + id + "/notes", "{\"body\": \"forged\"}", false), 403);
        assertError(client().post("/api/v1/cases/" + id + "/notes", "{\"body\": \"forged\"}"), 401); // no cookie: nobody
        assertError(c.sendWithoutCsrf("DELETE", "/api/v1/session", null), 403);

        JsonNode unchanged = admin.get("/api/v1/cases/" + id).json();
        assertThat(unchanged.get("notes")).isEmpty();
        assertThat(unchanged.get("status").asText()).isEqualTo("new");
        assertThat(unchanged.get("assignee").isNull()).isTrue();
        assertThat(c.get("/api/v1/session").status()).as("the session still works").isEqualTo(200);

        // With the header: done, as the signed-in user.
        assertThat(c.post("/api/v1/cases/" + id + "/notes", "{\"body\": \"Called back\"}").status()).isEqualTo(201);
        Api.Reply claimed = c.post("/api/v1/cases/claim", null);
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        assertThat(claimed.json().get("assignee").get("userId").asLong()).isEqualTo(ana.id());
        JsonNode note = admin.get("/api/v1/cases/" + id).json().get("notes").get(0);
        assertThat(note.get("body").asText()).isEqualTo("Called back");
        long mine = claimed.json().get("id").asLong();
        assertThat(c.patch("/api/v1/cases/" + mine, "{\"status\": \"waiting\"}").status()).isEqualTo(200);
        // Reading needs no token.
        assertThat(c.get("/api/v1/cases/" + id).status()).isEqualTo(200);
    }

    @Test
    void bearerTokensStillWorkAndNeedNoCsrfToken() {
        Person ana = person("attorney");
        String token = admin.post("/api/v1/tokens", "{\"name\": \"script\", \"role\": \"attorney\", \"userId\": " + ana.id() + "}")
                .json().get("token").asText();
        Api script = admin.as(token);
        long id = newCase();
        assertThat(script.get("/api/v1/cases").status()).isEqualTo(200);
        assertThat(script.post("/api/v1/cases/" + id + "/notes", "{\"body\": \"from a script\"}").status()).isEqualTo(201);
        // A bearer token is no session.
        assertError(script.get("/api/v1/session"), 401);
    }

    @Test
    void afterFiveFailuresForAnEmailEvenTheRightPasswordWaitsItsRetryAfter() {
        Person ana = person("attorney");
        for (int i = 0; i < SignIn.PER_EMAIL; i++) {
            ClockedApplication.CLOCK.advance(Duration.ofSeconds(10));
            assertError(client().signIn(ana.email(), "guess number " + i), 401);
        }
        ClockedApplication.CLOCK.advance(Duration.ofSeconds(10));
        Api.Reply locked = client().signIn(ana.email(), PASSWORD);
        assertError(locked, 429);
        // The first failure was 50 s ago: it leaves the 15-minute window in 850 s.
        assertThat(Long.parseLong(locked.header("Retry-After"))).isEqualTo(15 * 60 - 50);
        assertThat(locked.header("Set-Cookie")).isNull();

        ClockedApplication.CLOCK.advance(Duration.ofSeconds(15 * 60 - 50 - 1));
        assertError(client().signIn(ana.email(), PASSWORD), 429);
        ClockedApplication.CLOCK.advance(Duration.ofSeconds(1));
        assertThat(client().signIn(ana.email(), PASSWORD).status()).isEqualTo(200);
        // The right password forgave the email's failures: a slip afterwards does not lock at once.
        assertError(client().signIn(ana.email(), "one more slip"), 401);
        assertThat(client().signIn(ana.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void afterTwentyFailuresFromOneAddressEveryEmailWaits() {
        Person ana = person("attorney");
        SessionClient one = client();
        for (int i = 0; i < SignIn.PER_CLIENT; i++) {
            assertError(one.signIn("someone" + i + "@example.org", "guessing"), 401);
        }
        Api.Reply locked = one.signIn(ana.email(), PASSWORD);
        assertError(locked, 429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isEqualTo(15 * 60);
        // Another address is not held back; this one is after the window.
        assertThat(client().signIn(ana.email(), PASSWORD).status()).isEqualTo(200);
        ClockedApplication.CLOCK.advance(SignIn.WINDOW);
        assertThat(one.signIn(ana.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aSessionEndsAfterThirtyMinutesIdleOrTwelveHoursInAll() {
        Person ana = person("attorney");
        SessionClient idle = signedIn(ana);
        ClockedApplication.CLOCK.advance(Duration.ofMinutes(29));
        assertThat(idle.get("/api/v1/cases").status()).as("used within 30 minutes").isEqualTo(200);
        ClockedApplication.CLOCK.advance(Duration.ofMinutes(29));
        assertThat(idle.get("/api/v1/session").status()).as("each use starts the idle time again").isEqualTo(200);
        ClockedApplication.CLOCK.advance(Duration.ofMinutes(30));
        assertError(idle.get("/api/v1/session"), 401);
        assertError(idle.get("/api/v1/cases"), 401);

        SessionClient busy = signedIn(ana);
        for (int i = 0; i < 12 * 3 - 1; i++) {
            ClockedApplication.CLOCK.advance(Duration.ofMinutes(20));
            assertThat(busy.get("/api/v1/session").status()).as("after " + (i + 1) * 20 + " minutes").isEqualTo(200);
        }
        ClockedApplication.CLOCK.advance(Duration.ofMinutes(20));
        assertError(busy.get("/api/v1/session"), 401);
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        Person ana = person("attorney");
        SessionClient c = signedIn(ana);
        Api.Reply out = c.delete("/api/v1/session");
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).startsWith("aa_session=;").contains("Max-Age=0");
        // The old cookie, replayed, opens nothing.
        assertError(c.get("/api/v1/session"), 401);
        assertError(c.get("/api/v1/cases"), 401);
        long left = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM sessions WHERE user_id = :u")
                .bind("u", ana.id()).mapTo(Long.class).one());
        assertThat(left).isZero();
    }

    @Test
    void deactivationARoleChangeOrANewPasswordByTheAdminEndsTheUsersSessions() {
        Person deactivated = person("attorney");
        SessionClient a = signedIn(deactivated);
        admin.patch("/api/v1/users/" + deactivated.id(), "{\"active\": false}");
        assertError(a.get("/api/v1/cases"), 401);

        Person promoted = person("attorney");
        SessionClient b = signedIn(promoted);
        assertThat(admin.patch("/api/v1/users/" + promoted.id(), "{\"role\": \"staff\"}").status()).isEqualTo(200);
        assertError(b.get("/api/v1/session"), 401);
        assertThat(signedIn(promoted).get("/api/v1/session").json().get("user").get("role").asText()).isEqualTo("staff");

        Person reset = person("attorney");
        SessionClient c = signedIn(reset);
        assertThat(admin.patch("/api/v1/users/" + reset.id(), "{\"password\": \"a brand new passphrase\"}").status()).isEqualTo(200);
        assertError(c.get("/api/v1/session"), 401);
        assertError(client().signIn(reset.email(), PASSWORD), 401);
        assertThat(client().signIn(reset.email(), "a brand new passphrase").status()).isEqualTo(200);

        // Other changes (on call, queues) leave them signed in.
        Person other = person("attorney");
        SessionClient d = signedIn(other);
        admin.patch("/api/v1/users/" + other.id(), "{\"onCall\": true}");
        assertThat(d.get("/api/v1/session").status()).isEqualTo(200);
    }

    @Test
    void peopleChangeTheirOwnPasswordAndEverySessionOfTheirsEnds() {
        Person ana = person("attorney");
        SessionClient here = signedIn(ana);
        SessionClient phone = signedIn(ana);

        assertThat(assertError(here.post("/api/v1/users/me/password",
                "{\"current\": \"" + PASSWORD + "\", \"new\": \"too short\"}"), 422).get("errors").get(0).get("field").asText())
                .isEqualTo("new");
        assertThat(assertError(here.post("/api/v1/users/me/password",
                "{\"current\": \"not it at all\", \"new\": \"a long new passphrase\"}"), 422).get("errors").get(0).get("field").asText())
                .isEqualTo("current");
        assertError(here.sendWithoutCsrf("POST", "/api/v1/users/me/password",
                "{\"current\": \"" + PASSWORD + "\", \"new\": \"a long new passphrase\"}"), 403);
        assertThat(here.get("/api/v1/session").status()).as("refusals change nothing").isEqualTo(200);

        Api.Reply changed = here.post("/api/v1/users/me/password", "{\"current\": \"" + PASSWORD + "\", \"new\": \"a long new passphrase\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertThat(changed.header("Set-Cookie")).contains("Max-Age=0");
        assertError(here.get("/api/v1/session"), 401);
        assertError(phone.get("/api/v1/session"), 401);
        assertError(client().signIn(ana.email(), PASSWORD), 401);
        assertThat(client().signIn(ana.email(), "a long new passphrase").status()).isEqualTo(200);
        String hash = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id").bind("id", ana.id())
                .mapTo(String.class).one());
        assertThat(hash).startsWith("$2");

        // A token that belongs to nobody has no password to change.
        assertError(admin.post("/api/v1/users/me/password", "{\"current\": \"x\", \"new\": \"a long new passphrase\"}"), 403);
    }

    @Test
    void staffSignedInCannotReadTheQueue() {
        Person sam = person("staff");
        SessionClient staff = signedIn(sam);
        long id = newCase();
        assertThat(staff.get("/api/v1/session").json().get("user").get("role").asText()).isEqualTo("staff");
        assertError(staff.get("/api/v1/cases"), 403);
        assertError(staff.get("/api/v1/cases/" + id), 403);
        assertError(staff.get("/api/v1/cases/" + id + "/requester"), 403);
        assertError(staff.post("/api/v1/cases/claim", null), 403);
        assertError(staff.get("/api/v1/queues/state-local-advocacy/stats"), 403);
        assertThat(staff.get("/api/v1/campaigns").status()).as("their own work").isEqualTo(200);
        assertThat(admin.get("/api/v1/cases/" + id).json().get("assignee").isNull()).isTrue();

        // And an attorney signed in can not manage users.
        SessionClient attorney = signedIn(person("attorney"));
        assertError(attorney.get("/api/v1/users"), 403);
    }
}
