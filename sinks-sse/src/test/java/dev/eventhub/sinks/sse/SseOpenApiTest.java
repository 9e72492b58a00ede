package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.PluginTestBase;
import dev.eventhub.sinks.sse.SseClient.Message;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE sink's parts of the hub's documents say what it does: the answers of /sse (refusals, the stream's
 * headers) and /api/sse/stats against the OpenAPI document, real stream messages against the AsyncAPI one.
 */
class SseOpenApiTest extends PluginTestBase {
  private final List<SseClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() throws Exception {
    for (SseClient c : clients) {
      c.close();
    }
  }

  @Test
  void shouldAnswerAsTheOpenApiDocumentSays() throws Exception {
    start(c -> c.with("plugins.sse.maxConnections", 1));
    OpenApiCheck api = OpenApiCheck.of(hub);
    api.assertEveryMountDocumented();
    SseClient stream = valid(api, "categories=orders&format=cloudevents", token, 200);
    assertThat(stream.headers).containsEntry("x-accel-buffering", "no").containsEntry("cache-control", "no-cache");
    valid(api, "categories=orders", token, 503);
    valid(api, "events=x", token, 400);
    valid(api, "categories=orders&format=xml", token, 400);
    valid(api, "categories=orders", null, 401);
    valid(api, "categories=orders", hub.token("subscribe:other"), 403);
    assertThat(api.send(HttpMethod.GET, "/api/sse/stats", token, null).bodyAsJsonObject()
        .getLong("connectionsRejected")).isGreaterThan(0);
    assertThat(api.send(HttpMethod.GET, "/api/sse/stats", hub.token("subscribe:orders"), null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void shouldSendMessagesAsTheAsyncApiDocumentSays() throws Exception {
    start();
    AsyncApiCheck async = AsyncApiCheck.of(hub);
    hub.publish("orders", "created", "o-1", new JsonObject().put("total", 12));
    for (String format : List.of("hub", "cloudevents")) {
      SseClient c = open("categories=orders&last=1&format=" + format, token).read();
      assertThat(c.next().retry()).isEqualTo("2000");
      Message replayed = c.nextEvent();
      async.assertMessage("sse", "event", new JsonObject(replayed.data()));
      Message complete = c.nextMessage();
      assertThat(complete.event()).isEqualTo("replay_complete");
      async.assertMessage("sse", "replayComplete", new JsonObject(complete.data()));
      Message live = c.next();
      assertThat(live.id()).as("the id-only message of going live").isEqualTo(replayed.id());
      assertThat(live.data()).isNull();
      hub.publish("orders", "paid", "o-1", new JsonObject());
      JsonObject event = new JsonObject(c.nextEvent().data());
      async.assertMessage("sse", "event", event);
      assertThat(event.containsKey("specversion")).isEqualTo(format.equals("cloudevents"));
    }
    SseClient ending = open("categories=orders", token).read();
    assertThat(ending.next().retry()).isEqualTo("2000");
    stopHub();
    Message error = ending.nextMessage();
    assertThat(error.event()).isEqualTo("error");
    async.assertMessage("sse", "error", new JsonObject(error.data()));
  }

  private SseClient open(String query, String token) throws Exception {
    SseClient c = SseClient.open(hub.port(), "/sse?" + query,
        token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    clients.add(c);
    return c;
  }

  private SseClient valid(OpenApiCheck api, String query, String token, int status) throws Exception {
    SseClient c = open(query, token);
    assertThat(c.status).as(c.body).isEqualTo(status);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    c.headers.forEach(headers::add);
    String body = c.body;
    if (status == 200) {
      // A stream's body never ends: its headers and first message (retry:) are checked here, the other
      // messages against the AsyncAPI document.
      body = "retry: " + c.read().next().retry() + "\n\n";
    }
    api.assertValid(HttpMethod.GET, "/sse?" + query, status, headers, Buffer.buffer(body));
    return c;
  }
}
