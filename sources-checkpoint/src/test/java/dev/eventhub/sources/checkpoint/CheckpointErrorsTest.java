package dev.eventhub.sources.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.PluginTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way a request can be wrong: a clear error, nothing stored, no event. */
class CheckpointErrorsTest extends PluginTestBase {
  static final String BASE = CheckpointClient.BASE;

  CheckpointClient api;

  @BeforeEach
  void startHub() {
    start();
    api = new CheckpointClient(hub);
  }

  @Test
  void shouldRejectMalformedSessionIdsNamingTheField() {
    JsonObject body = new JsonObject().put("label", "l").put("state", 1);
    for (String bad : new String[] {"has%20space", "semi;colon", "x".repeat(129), "%C3%A9t%C3%A9"}) {
      JsonObject error = api.error(400, "bad_request", HttpMethod.POST, BASE + bad + "/checkpoints", body);
      assertThat(error.getString("message")).contains("sessionId");
    }
    api.create("x".repeat(128), "longest id", 1);
    api.create("A-z_0.9:colon", "every allowed character", 1);
    assertThat(api.error(400, "bad_request", HttpMethod.GET, BASE + "bad%20id", null).getString("message"))
        .contains("sessionId");
  }

  @Test
  void shouldRejectMalformedCheckpointIdsNamingTheField() {
    api.create("s1", "l", 1);
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.DELETE}) {
      assertThat(api.error(400, "bad_request", method, BASE + "s1/checkpoints/bad%20id", null).getString("message"))
          .contains("checkpointId");
    }
    assertThat(api.error(400, "bad_request", HttpMethod.POST, BASE + "s1/checkpoints/bad%20id/restore", null)
        .getString("message")).contains("checkpointId");
  }

  @Test
  void shouldRejectAMissingEmptyLongOrIllTypedLabel() {
    String path = BASE + "s1/checkpoints";
    assertThat(message(HttpMethod.POST, path, new JsonObject().put("state", 1))).contains("'label'").contains("required");
    assertThat(message(HttpMethod.POST, path, new JsonObject().put("label", 5).put("state", 1)))
        .contains("'label'").contains("string");
    assertThat(message(HttpMethod.POST, path, new JsonObject().put("label", "").put("state", 1))).contains("'label'");
    assertThat(message(HttpMethod.POST, path, new JsonObject().put("label", "l".repeat(257)).put("state", 1)))
        .contains("'label'").contains("256");
    assertNothingRecorded("s1");
  }

  @Test
  void shouldRejectAMissingOrNullState() {
    String path = BASE + "s1/checkpoints";
    assertThat(message(HttpMethod.POST, path, new JsonObject().put("label", "l"))).contains("'state'");
    assertThat(message(HttpMethod.POST, path, "{\"label\":\"l\",\"state\":null}")).contains("'state'");
    assertNothingRecorded("s1");
  }

  @Test
  void shouldRejectBodiesThatAreNotAJsonObject() {
    String path = BASE + "s1/checkpoints";
    for (Object body : new Object[] {"{not json", "[1,2]", "\"text\"", "42", "{\"label\":\"l\",\"state\":1"}) {
      assertThat(message(HttpMethod.POST, path, body)).contains("JSON object");
    }
    assertThat(message(HttpMethod.POST, path, Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00})))
        .contains("JSON object");
    assertThat(message(HttpMethod.POST, path, null)).contains("'label'");
    assertNothingRecorded("s1");
  }

  @Test
  void shouldRejectAStateOverTheSizeLimitNamingTheLimit() {
    // 1 MiB exactly is allowed: the JSON string's quotes count.
    String fits = "x".repeat((1 << 20) - 2);
    api.create("big", "at the limit", fits);

    JsonObject error = api.error(413, "too_large", HttpMethod.POST, BASE + "s1/checkpoints",
        new JsonObject().put("label", "l").put("state", fits + "x"));

    assertThat(error.getString("message")).contains("maxStateBytes").contains("1048577");
    assertNothingRecorded("s1");
  }

  @Test
  void shouldRejectABodyOverTheBodyLimit() {
    Buffer huge = Buffer.buffer("{\"label\":\"l\",\"state\":\"" + "x".repeat((1 << 20) + 70 * 1024) + "\"}");

    JsonObject error = api.error(413, "too_large", HttpMethod.POST, BASE + "s1/checkpoints", huge);

    assertThat(error.getString("message")).contains("limit");
    assertNothingRecorded("s1");
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownSessionOnEveryRoute() {
    api.create("known", "l", 1);
    String id = api.get(BASE + "known/checkpoints").getJsonArray("checkpoints").getJsonObject(0)
        .getString("checkpoint_id");
    String s = BASE + "unknown";
    for (JsonObject error : new JsonObject[] {
      api.error(404, "not_found", HttpMethod.GET, s, null),
      api.error(404, "not_found", HttpMethod.GET, s + "/checkpoints", null),
      api.error(404, "not_found", HttpMethod.GET, s + "/checkpoints/" + id, null),
      api.error(404, "not_found", HttpMethod.POST, s + "/checkpoints/" + id + "/restore", null),
      api.error(404, "not_found", HttpMethod.DELETE, s + "/checkpoints/" + id, null),
      api.error(404, "not_found", HttpMethod.POST, s + "/compact", new JsonObject().put("keep", 1)),
    }) {
      assertThat(error.getString("message")).isEqualTo("no session 'unknown'");
    }
    assertThat(api.historyTypes()).containsExactly("checkpoint-created");
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownCheckpoint() {
    api.create("s1", "l", 1);
    String c = BASE + "s1/checkpoints/01ARZ3NDEKTSV4RRFFQ69G5FAV";
    for (JsonObject error : new JsonObject[] {
      api.error(404, "not_found", HttpMethod.GET, c, null),
      api.error(404, "not_found", HttpMethod.POST, c + "/restore", null),
      api.error(404, "not_found", HttpMethod.DELETE, c, null),
    }) {
      assertThat(error.getString("message")).isEqualTo("no checkpoint '01ARZ3NDEKTSV4RRFFQ69G5FAV' in session 's1'");
    }
    assertThat(api.historyTypes()).containsExactly("checkpoint-created");
  }

  @Test
  void shouldRejectBadPagingParameters() {
    api.create("s1", "l", 1);
    for (String query : new String[] {"limit=0", "limit=1001", "limit=abc", "limit=", "limit=1.5"}) {
      assertThat(api.error(400, "bad_request", HttpMethod.GET, BASE + "s1/checkpoints?" + query, null)
          .getString("message")).contains("'limit'");
      assertThat(api.error(400, "bad_request", HttpMethod.GET, "/api/checkpoint/sessions?" + query, null)
          .getString("message")).contains("'limit'");
    }
    assertThat(api.error(400, "bad_request", HttpMethod.GET, BASE + "s1/checkpoints?after=a%20b", null)
        .getString("message")).contains("'after'");
    assertThat(api.error(400, "bad_request", HttpMethod.GET, "/api/checkpoint/sessions?after=a%20b", null)
        .getString("message")).contains("'after'");
    assertThat(api.error(400, "bad_request", HttpMethod.GET, BASE + "s1/checkpoints?limit=%zz", null)
        .getString("message")).contains("query string");
    assertThat(api.error(400, "bad_request", HttpMethod.GET, "/api/checkpoint/sessions?after=%zz", null)
        .getString("message")).contains("query string");
    assertThat(api.error(400, "bad_request", HttpMethod.POST, BASE + "s1/compact?x=%zz", new JsonObject().put("keep", 0))
        .getString("message")).contains("query string");
  }

  @Test
  void shouldRejectAMissingNegativeOrIllTypedKeep() {
    api.create("s1", "l", 1);
    String path = BASE + "s1/compact";
    assertThat(message(HttpMethod.POST, path, new JsonObject())).contains("'keep'").contains("required");
    assertThat(message(HttpMethod.POST, path, new JsonObject().put("keep", -1))).contains("'keep'");
    assertThat(message(HttpMethod.POST, path, new JsonObject().put("keep", "2"))).contains("'keep'").contains("integer");
    assertThat(message(HttpMethod.POST, path, new JsonObject().put("keep", 1.5))).contains("'keep'").contains("integer");
    assertThat(message(HttpMethod.POST, path, "{\"keep\":1e400}")).contains("'keep'");
    assertThat(message(HttpMethod.POST, path, "{\"keep\":99999999999999999999999}")).contains("'keep'");
    assertThat(message(HttpMethod.POST, path, new JsonArray().add(1))).contains("JSON object");
    assertThat(api.historyTypes()).containsExactly("checkpoint-created");
  }

  @Test
  void shouldAnswerNotFoundForRoutesItDoesNotHave() {
    assertThat(api.error(404, "not_found", HttpMethod.GET, "/api/checkpoint/nothing", null).getString("message"))
        .contains("GET /api/checkpoint/nothing");
    api.error(404, "not_found", HttpMethod.PUT, BASE + "s1/checkpoints", new JsonObject());
    api.error(404, "not_found", HttpMethod.GET, "/api/checkpoint", null);
  }

  @Test
  void shouldCheckTheTokensCategoryScopes() {
    String path = BASE + "s1/checkpoints";
    JsonObject body = new JsonObject().put("label", "l").put("state", 1);
    assertThat(hub.post(path, null, body).statusCode()).isEqualTo(401);
    assertThat(hub.post(path, hub.token("subscribe:checkpoint"), body).statusCode()).isEqualTo(403);
    assertThat(hub.post(path, hub.token("publish:workflow", "subscribe:*"), body).statusCode()).isEqualTo(403);
    assertThat(hub.post(path, hub.token("publish:checkpoint"), body).statusCode()).isEqualTo(201);
    assertThat(hub.get(path, hub.token("publish:checkpoint")).statusCode()).isEqualTo(403);
    assertThat(hub.get(path, hub.token("subscribe:checkpoint")).statusCode()).isEqualTo(200);
  }

  private String message(HttpMethod method, String path, Object body) {
    return api.error(400, "bad_request", method, path, body).getString("message");
  }

  private void assertNothingRecorded(String session) {
    api.error(404, "not_found", HttpMethod.GET, BASE + session, null);
    assertThat(api.history()).noneMatch(e -> session.equals(e.getString("key")));
  }
}
