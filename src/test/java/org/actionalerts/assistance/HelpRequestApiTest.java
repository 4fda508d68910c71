package org.actionalerts.assistance;

import static org.actionalerts.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionalerts.ActionAlertsApplication;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The public help-request form: validation, size and rate limits, and answers that never tell who we know. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HelpRequestApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create(ActionAlertsApplication.class,
            "assistance.helpRequests.perClient", "3",
            // The test client connects from loopback: here that is our own proxy.
            "assistance.helpRequests.trustedProxies", "127.0.0.1/32, ::1/128",
            "dispatcher.enabled", "false");
    static final AtomicInteger CLIENTS = new AtomicInteger();
    static Api admin;
    static Api anonymous;
    static Jdbi jdbi;

    @BeforeAll
    static void setUp() {
        admin = TestApp.api(APP);
        anonymous = admin.as(null);
        jdbi = TestApp.jdbi(APP);
    }

    /** Each call comes from its own address unless told otherwise, so the rate limit stays out of the way. */
    static Api.Reply submit(String json) {
        return submitFrom("10.0." + CLIENTS.incrementAndGet() / 250 + "." + CLIENTS.get() % 250, json);
    }

    static Api.Reply submitFrom(String address, String json) {
        return anonymous.sendWithHeader("/api/v1/help-requests", "POST", "application/json",
                json.getBytes(StandardCharsets.UTF_8), "X-Forwarded-For", "203.0.113.9, " + address);
    }

    @Test
    void aRequestBecomesACaseAndIsAcknowledgedInTheRequestersLanguage() {
        Api.Reply r = submit("""
                {"name": "Marta Ruiz", "phone": "(301) 555-0199", "state": "md", "language": "es",
                 "topic": "287g", "message": "El condado va a firmar un acuerdo 287(g)"}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String reference = r.json().get("reference").asText();
        assertThat(reference).matches("HR-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{2}");
        assertThat(r.json().size()).isEqualTo(1);

        JsonNode supporter = admin.get("/api/v1/supporters?q=%2B13015550199").json().get("items").get(0);
        assertThat(supporter.get("smsStatus").asText()).as("asking for help is not consent to alerts").isEqualTo("none");
        assertThat(supporter.get("firstName").asText()).isEqualTo("Marta");

        JsonNode found = admin.get("/api/v1/cases?status=new").json().get("items");
        JsonNode c = null;
        for (JsonNode item : found) {
            if (item.get("reference").asText().equals(reference)) {
                c = admin.get("/api/v1/cases/" + item.get("id").asLong()).json();
            }
        }
        assertThat(c).isNotNull();
        assertThat(c.get("topic").asText()).isEqualTo("287g");
        assertThat(c.get("queue").asText()).isEqualTo("state-local-advocacy");
        assertThat(c.get("priority").asText()).isEqualTo("normal");
        assertThat(c.get("requester").get("phone").asText()).isEqualTo("+13015550199");
        JsonNode thread = c.get("thread");
        assertThat(thread).hasSize(2);
        assertThat(thread.get(0).get("direction").asText()).isEqualTo("in");
        assertThat(thread.get(0).get("channel").asText()).isEqualTo("web");
        assertThat(thread.get(1).get("kind").asText()).isEqualTo("acknowledgement");
        assertThat(thread.get(1).get("status").asText()).isEqualTo("queued");
        assertThat(thread.get(1).get("body").asText()).contains(reference, "días hábiles");
        long acks = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = 'case-ack' AND body LIKE :ref")
                .bind("ref", "%" + reference + "%").mapTo(Long.class).one());
        assertThat(acks).isEqualTo(1);
    }

    @Test
    void invalidFieldsAre422WithEachField() {
        Api.Reply r = submit("""
                {"phone": "12", "email": "not-an-email", "state": "ZZ", "language": "??", "topic": "parking", "message": " "}""");
        assertError(r, 422);
        assertThat(r.json().get("errors")).extracting(e -> e.get("field").asText())
                .contains("phone", "email", "state", "language", "topic", "message");

        Api.Reply noContact = submit("{\"message\": \"help\"}");
        assertError(noContact, 422);
        assertThat(noContact.json().get("errors").get(0).get("field").asText()).isEqualTo("phone");
        assertError(submit("{\"email\": \"a@example.org\", \"message\": \"" + "x".repeat(5001) + "\"}"), 422);
    }

    @Test
    void malformedJsonIs400AndAnOversizedBodyIs413() {
        assertError(submit("{\"message\": "), 400);
        assertError(submit("{\"email\": \"a@example.org\", \"name\": \"" + "x".repeat(20_000) + "\"}"), 413);
        Api.Reply chunked = anonymous.sendChunked("/api/v1/help-requests", "POST", "application/json",
                ("{\"email\": \"a@example.org\", \"name\": \"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertError(chunked, 413);
    }

    @Test
    void oneAddressIsLimitedWith429AndRetryAfter() {
        String body = "{\"email\": \"limit@example.org\", \"message\": \"help\"}";
        for (int i = 0; i < 3; i++) {
            assertThat(submitFrom("198.51.100.7", body).status()).isEqualTo(201);
        }
        Api.Reply limited = submitFrom("198.51.100.7", body);
        assertError(limited, 429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
        // Another address is not affected; the left-most X-Forwarded-For entry is the client's own say-so and ignored.
        assertThat(submitFrom("198.51.100.8", body).status()).isEqualTo(201);
    }

    @Test
    void ipv6ClientsInOneSlash64ShareOneBudget() {
        String body = "{\"email\": \"v6@example.org\", \"message\": \"help\"}";
        assertThat(submitFrom("2001:db8:77:1::10", body).status()).isEqualTo(201);
        assertThat(submitFrom("2001:db8:77:1::11", body).status()).isEqualTo(201);
        assertThat(submitFrom("2001:db8:77:1:ffff:ffff:ffff:fffe", body).status()).isEqualTo(201);
        // A fresh address, the same /64: a client who owns the /64 cannot hop around the limit.
        assertError(submitFrom("2001:db8:77:1:abcd::1", body), 429);
        assertThat(submitFrom("2001:db8:77:2::10", body).status()).as("the next /64 is someone else").isEqualTo(201);
    }

    @Test
    void theAnswerIsTheSameForKnownAndUnknownPeople() {
        admin.post("/api/v1/supporters", "{\"phone\": \"+13015550177\", \"email\": \"known@example.org\", \"smsOptIn\": true}");
        Api.Reply known = submit("{\"phone\": \"301-555-0177\", \"email\": \"known@example.org\", \"message\": \"help\"}");
        Api.Reply unknown = submit("{\"phone\": \"301-555-0178\", \"email\": \"unknown@example.org\", \"message\": \"help\"}");
        assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(201);
        assertThat(fieldNames(known.json())).isEqualTo(fieldNames(unknown.json()));
        assertThat(known.raw().headers().map().keySet()).isEqualTo(unknown.raw().headers().map().keySet());
        // The known supporter's consent is untouched, and the request joined their record instead of a new one.
        JsonNode person = admin.get("/api/v1/supporters?q=%2B13015550177").json().get("items");
        assertThat(person).hasSize(1);
        assertThat(person.get(0).get("smsStatus").asText()).isEqualTo("subscribed");
    }

    static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
