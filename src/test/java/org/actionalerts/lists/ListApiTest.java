package org.actionalerts.lists;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.support.Api;
import org.actionalerts.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ListApiTest {
    static final DropwizardAppExtension<ActionAlertsConfiguration> APP = TestApp.create();
    static Api staff;
    static long ana, ben, carla;

    @BeforeAll
    static void population() {
        staff = TestApp.api(APP).withNewToken("staff");
        ana = supporter("301-555-0701");
        ben = supporter("301-555-0702");
        carla = supporter("301-555-0703");
    }

    @Test
    void createsAnEmptyListWithATrimmedName() {
        Api.Reply reply = staff.post("/api/v1/lists", "{\"name\":\"  Frederick County rapid response \"}");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("name").asText()).isEqualTo("Frederick County rapid response");
        assertThat(reply.json().get("size").asInt()).isZero();

        Api.Reply read = staff.get("/api/v1/lists/" + reply.json().get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(reply.json());
    }

    @Test
    void aListNeedsAName() {
        for (String body : new String[] {"{\"name\":\"\"}", "{\"name\":\"   \"}", "{}"}) {
            Api.Reply reply = staff.post("/api/v1/lists", body);
            assertThat(reply.status()).as(body).isEqualTo(422);
            assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
        }
    }

    @Test
    void addingMembersCountsOnlyNewOnesAndReportsUnknownIds() {
        String list = newList("members");

        JsonNode first = addMembers(list, "[" + ana + "," + ben + ", 999999]");
        assertThat(first.get("added").asInt()).isEqualTo(2);
        assertThat(first.get("unknownIds")).extracting(JsonNode::asLong).containsExactly(999999L);
        assertThat(size(list)).isEqualTo(2);

        JsonNode second = addMembers(list, "[" + ben + "," + carla + "," + carla + "]");
        assertThat(second.get("added").asInt()).as("ben is already on the list; carla given twice").isEqualTo(1);
        assertThat(second.get("unknownIds")).isEmpty();
        assertThat(size(list)).isEqualTo(3);

        JsonNode again = addMembers(list, "[" + ana + "]");
        assertThat(again.get("added").asInt()).isZero();
        assertThat(size(list)).isEqualTo(3);
    }

    @Test
    void onlyUnknownIdsIsNotAnError() {
        String list = newList("nobody");
        JsonNode result = addMembers(list, "[424242, 424243]");
        assertThat(result.get("added").asInt()).isZero();
        assertThat(result.get("unknownIds")).extracting(JsonNode::asLong).containsExactly(424242L, 424243L);
        assertThat(size(list)).isZero();
    }

    @Test
    void anErasedSupporterLeavesTheList() {
        String list = newList("erasure");
        long dana = supporter("301-555-0704");
        addMembers(list, "[" + dana + "," + ana + "]");
        assertThat(staff.delete("/api/v1/supporters/" + dana).status()).isEqualTo(204);
        assertThat(size(list)).isEqualTo(1);
    }

    @Test
    void membersNeedAListOfIds() {
        String list = newList("bad bodies");
        Api.Reply missing = staff.post("/api/v1/lists/" + list + "/members", "{}");
        assertThat(missing.status()).isEqualTo(422);
        Api.Reply wrongType = staff.post("/api/v1/lists/" + list + "/members", "{\"supporterIds\":\"all\"}");
        assertThat(wrongType.status()).isIn(400, 422);
        assertThat(wrongType.json().get("code").asInt()).isEqualTo(wrongType.status());
    }

    @Test
    void anUnknownListIs404() {
        Api.Reply get = staff.get("/api/v1/lists/987654");
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.json().get("code").asInt()).isEqualTo(404);
        Api.Reply add = staff.post("/api/v1/lists/987654/members", "{\"supporterIds\":[" + ana + "]}");
        assertThat(add.status()).isEqualTo(404);
    }

    private static String newList(String name) {
        Api.Reply reply = staff.post("/api/v1/lists", "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private static JsonNode addMembers(String list, String idsJson) {
        Api.Reply reply = staff.post("/api/v1/lists/" + list + "/members", "{\"supporterIds\":" + idsJson + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static int size(String list) {
        return staff.get("/api/v1/lists/" + list).json().get("size").asInt();
    }

    private static long supporter(String phone) {
        Api.Reply reply = staff.post("/api/v1/supporters", "{\"phone\":\"" + phone + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().get("id").asLong();
    }
}
