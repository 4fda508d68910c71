package org.actionalerts.supporters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /api/v1/supporters: filters and cursor paging over a small known population. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SupporterListApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;
    static String ana, ben, carla, dario, elena;

    @BeforeAll
    static void population() {
        staff = TestApp.api(APP).withNewToken("staff");
        ana = create("{\"firstName\":\"Ana\",\"lastName\":\"Reyes\",\"phone\":\"301-555-0301\",\"state\":\"MD\",\"county\":\"Frederick County\",\"tags\":[\"rapid-response\"]}");
        ben = create("{\"firstName\":\"Ben\",\"lastName\":\"Okafor\",\"email\":\"ben@example.org\",\"state\":\"MD\",\"county\":\"Montgomery County\",\"tags\":[\"287g\",\"rapid-response\"]}");
        carla = create("{\"firstName\":\"Carla\",\"lastName\":\"Díaz\",\"phone\":\"202-555-0303\",\"state\":\"DC\",\"tags\":[\"287g\"]}");
        dario = create("{\"firstName\":\"Dario\",\"email\":\"dario@example.org\",\"state\":\"VA\",\"county\":\"Frederick County\"}");
        elena = create("{\"firstName\":\"Elena\",\"email\":\"elena.reyes@example.org\",\"state\":\"PR\"}");
    }

    @Test
    void withoutFiltersEveryoneIsListedInOrderOfCreation() {
        assertThat(ids("")).containsExactly(ana, ben, carla, dario, elena);
    }

    @Test
    void filtersByState() {
        assertThat(ids("state=MD")).containsExactly(ana, ben);
        assertThat(ids("state=md")).containsExactly(ana, ben);
        assertThat(ids("state=PR")).containsExactly(elena);
    }

    @Test
    void filtersByCountyAcrossStatesAndCombinesWithState() {
        assertThat(ids("county=" + enc("Frederick County"))).containsExactly(ana, dario);
        assertThat(ids("county=" + enc("Frederick County") + "&state=VA")).containsExactly(dario);
    }

    @Test
    void filtersByTag() {
        assertThat(ids("tag=287g")).containsExactly(ben, carla);
        assertThat(ids("tag=rapid-response&state=MD")).containsExactly(ana, ben);
        assertThat(ids("tag=nothing-like-this")).isEmpty();
    }

    @Test
    void searchesNamesEmailsAndNumbers() {
        assertThat(ids("q=reyes")).containsExactly(ana, elena);
        assertThat(ids("q=ben%40example")).containsExactly(ben);
        assertThat(ids("q=" + enc("(202) 555-0303"))).containsExactly(carla);
        assertThat(ids("q=0301")).containsExactly(ana);
    }

    @Test
    void pagesFollowTheCursorUntilNextIsNull() {
        JsonNode first = page("limit=2");
        assertThat(idsOf(first)).containsExactly(ana, ben);
        assertThat(first.get("next").isNull()).isFalse();

        JsonNode second = page("limit=2&after=" + enc(first.get("next").asText()));
        assertThat(idsOf(second)).containsExactly(carla, dario);

        JsonNode last = page("limit=2&after=" + enc(second.get("next").asText()));
        assertThat(idsOf(last)).containsExactly(elena);
        assertThat(last.has("next")).isTrue();
        assertThat(last.get("next").isNull()).isTrue();
    }

    @Test
    void aPageExactlyFullAtTheEndHasNoNext() {
        JsonNode all = page("limit=5");
        assertThat(idsOf(all)).hasSize(5);
        assertThat(all.get("next").isNull()).isTrue();
    }

    @Test
    void pagingKeepsTheFilter() {
        JsonNode first = page("tag=287g&limit=1");
        assertThat(idsOf(first)).containsExactly(ben);
        JsonNode second = page("tag=287g&limit=1&after=" + enc(first.get("next").asText()));
        assertThat(idsOf(second)).containsExactly(carla);
        assertThat(second.get("next").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=-1", "limit=100000", "limit=abc", "after=not-a-cursor"})
    void aBadLimitOrCursorIs422(String query) {
        Api.Reply reply = staff.get("/api/v1/supporters?" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("code").asInt()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo(query.substring(0, query.indexOf('=')));
    }

    private static List<String> ids(String query) {
        return idsOf(page(query));
    }

    private static JsonNode page(String query) {
        Api.Reply reply = staff.get("/api/v1/supporters?" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> idsOf(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String create(String json) {
        Api.Reply reply = staff.post("/api/v1/supporters", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }
}
