package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19: every frame the hub sends on /ws, and every request it accepts, is a message of the AsyncAPI
 * document's WebSocket channel; requests it refuses are not; the sink's HTTP answers are what its part of
 * the OpenAPI document says, and every route family it mounts is in it.
 */
class ProtocolDocumentsTest {
  private static final String CHANNEL = "websocket";
  @TempDir static Path dir;
  static Fixture fixture;
  static AsyncApiCheck async;
  static OpenApiCheck api;

  @BeforeAll
  static void start() {
    fixture = Fixture.start(dir);
    async = AsyncApiCheck.of(fixture.hub);
    api = OpenApiCheck.of(fixture.hub);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void shouldSendAndAcceptOnlyWhatTheAsyncApiDocumentDescribes() {
    var before = fixture.publish("docs", "thing-done", "k1");
    fixture.publish("docs", "thing-done", (String) null);
    try (WsClient ws = fixture.connect("subscribe:do*")) {
      JsonObject live = exchange(ws, new JsonObject().put("type", "subscribe").put("id", "s1")
          .put("categories", new JsonArray().add("docs")), "subscribed");
      String sub1 = live.getString("subscription");
      JsonObject replay = exchange(ws, new JsonObject().put("type", "subscribe").put("id", 2)
          .put("categories", new JsonArray().add("do*")).put("events", new JsonArray().add("thing-*"))
          .put("since", before.cursor()), "subscribed");
      assertThat(received(ws, "event").getBoolean("replay")).isTrue();
      assertThat(received(ws, "replay_complete").getBoolean("complete")).isTrue();
      exchange(ws, new JsonObject().put("type", "subscribe").put("id", "s3").put("categories", new JsonArray().add("docs"))
          .put("last", 2).put("batch", true), "subscribed");
      assertThat(received(ws, "events").getJsonArray("events")).hasSize(2);
      received(ws, "replay_complete");
      exchange(ws, new JsonObject().put("type", "subscribe").put("id", "s4").put("categories", new JsonArray().add("docs"))
          .put("keys", new JsonArray().add("k1")).put("since", "not-a-cursor"), "subscribed");
      assertThat(received(ws, "replay_complete").getBoolean("complete")).isFalse();

      fixture.publish("docs", "thing-done", "k1");
      // Live: one event frame for each of the four subscriptions (the batch one an events frame).
      java.util.Set<String> types = new java.util.HashSet<>();
      for (int i = 0; i < 4; i++) {
        types.add(received(ws, null).getString("type"));
      }
      assertThat(types).containsExactlyInAnyOrder("event", "events");

      exchange(ws, new JsonObject().put("type", "unsubscribe").put("id", "u1").put("subscription", sub1), "unsubscribed");
      async.assertMessage(CHANNEL, "pong", exchange(ws, new JsonObject().put("type", "ping").put("id", "p1"), "pong"));
      exchange(ws, new JsonObject().put("type", "ping"), "pong");
      exchange(ws, new JsonObject().put("type", "unsubscribe").put("id", "u2").put("subscription", "sub-99"), "error");
      exchange(ws, new JsonObject().put("type", "subscribe").put("id", "s5").put("categories", new JsonArray().add("dlq")),
          "error");
      ws.send("not json");
      assertThat(received(ws, "error").containsKey("id")).isFalse();
      assertThat(replay.getString("subscription")).isNotEqualTo(sub1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[]}",
      "{\"type\":\"subscribe\",\"id\":\"b\"}",
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[\"Docs\"]}",
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[\"docs\"],\"since\":\"x\",\"last\":1}",
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[\"docs\"],\"last\":0}",
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[\"docs\"],\"last\":1001}",
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[\"docs\"],\"batch\":\"yes\"}",
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[\"docs\"],\"keys\":[\"\"]}",
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[\"docs\"],\"since\":\"\"}",
      "{\"type\":\"subscribe\",\"id\":\"b\",\"categories\":[\"docs\"],\"overflow\":\"drop-newest\"}",
      "{\"type\":\"unsubscribe\",\"id\":\"b\"}",
      "{\"type\":\"ping\",\"id\":{\"no\":1}}",
      "{\"type\":\"jump\",\"id\":\"b\"}",
      "{\"type\":\"publish\",\"id\":\"b\"}",
      "{\"type\":\"publish\",\"id\":\"b\",\"events\":[]}",
      "{\"type\":\"publish\",\"id\":\"b\",\"events\":[{\"category\":\"Docs\",\"event\":\"e\"}]}",
      "{\"type\":\"publish\",\"id\":\"b\",\"events\":[{\"category\":\"docs\",\"event\":\"e\",\"data\":[]}]}"})
  void shouldRefuseWhatTheDocumentDoesNotDescribe(String request) {
    assertThat(async.valid(CHANNEL, "receive", new JsonObject(request))).as(request).isFalse();
    try (WsClient ws = fixture.connect("subscribe:docs")) {
      ws.send(request);
      JsonObject error = received(ws, "error");
      assertThat(error.getString("code")).isEqualTo("bad_request");
    }
  }

  @Test
  void shouldSendAndAcceptThePublishFramesTheDocumentDescribes() {
    try (WsClient ws = fixture.connect("publish:docs-pub")) {
      JsonObject published = exchange(ws, new JsonObject().put("type", "publish").put("id", "p1")
          .put("events", new JsonArray().add(new JsonObject().put("category", "docs-pub").put("event", "thing-done")
              .put("key", "k1").put("id", "docs-pub-1").put("data", new JsonObject().put("n", 1)))
              .add(new JsonObject().put("category", "docs-pub").put("event", "thing-done"))), "published");
      assertThat(published.getJsonArray("results")).hasSize(2);
      exchange(ws, new JsonObject().put("type", "publish").put("id", 2)
          .put("events", new JsonArray().add(new JsonObject().put("category", "docs").put("event", "thing-done"))),
          "error");
    }
  }

  @Test
  void shouldDescribeCompression() {
    // CompressionTest shows the negotiation itself; the document must tell clients it exists.
    JsonObject channel = async.document().getJsonObject("channels").getJsonObject("websocket");
    assertThat(channel.getString("description")).contains("permessage-deflate", "plugins.websocket.compression");
    assertThat(channel.getJsonObject("bindings").getJsonObject("ws").getJsonObject("headers")
        .getJsonObject("properties").getJsonObject("Sec-WebSocket-Extensions").getString("description"))
        .contains("permessage-deflate");
  }

  @Test
  void shouldAnswerOverHttpAsTheOpenApiDocumentSays() {
    api.assertEveryMountDocumented();
    String admin = fixture.hub.adminToken();
    assertThat(api.send(HttpMethod.GET, "/api/websocket/stats", admin, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/websocket/stats", fixture.hub.token("subscribe:*"), null).statusCode())
        .isEqualTo(403);
    assertThat(api.send(HttpMethod.GET, "/api/websocket/stats", null, null).statusCode()).isEqualTo(401);
    assertThat(api.send(HttpMethod.GET, "/ws", admin, null).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> noToken = TestHub.await(fixture.hub.client().get("/ws").putHeader("Upgrade", "websocket")
        .putHeader("Connection", "Upgrade").putHeader("Sec-WebSocket-Version", "13")
        .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").send());
    assertThat(noToken.statusCode()).isEqualTo(401);
    api.assertValid(HttpMethod.GET, "/ws", noToken);
  }

  /** Sends {@code request} (a message the document says the hub accepts) and returns the reply of {@code type}. */
  private static JsonObject exchange(WsClient ws, JsonObject request, String type) {
    async.assertAccepted(CHANNEL, request);
    ws.send(request);
    JsonObject reply = received(ws, type);
    if (request.containsKey("id") && !"error".equals(type)) {
      assertThat(reply.getValue("id")).isEqualTo(request.getValue("id"));
    }
    return reply;
  }

  /** The next frame, checked against the document; of {@code type} unless null. */
  private static JsonObject received(WsClient ws, String type) {
    JsonObject frame = type == null ? ws.next() : ws.next(type);
    async.assertSent(CHANNEL, frame);
    return frame;
  }
}
