package dev.eventhub.sinks.websocket;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real hub on loopback with the sink loaded from the test classpath, and a client Vert.x of its own. */
final class Fixture implements AutoCloseable {
  final TestHub hub;
  final Vertx clientVertx;
  final WebSocketClient client;
  private boolean hubStopped;

  private Fixture(TestHub hub) {
    this.hub = hub;
    this.clientVertx = Vertx.vertx();
    this.client = WsClient.client(clientVertx);
  }

  static Fixture start(Path dir) {
    return start(dir, c -> c);
  }

  static Fixture start(Path dir, UnaryOperator<HubConfig> customize) {
    return new Fixture(TestHub.start(dir, customize));
  }

  /** Connects with a token granting {@code scopes} ({@code subscribe:*} when none are given). */
  WsClient connect(String... scopes) {
    return WsClient.open(hub, client, hub.token(scopes.length == 0 ? new String[] {"subscribe:*"} : scopes));
  }

  /** Records {@code count} events of one category and type, with data {@code {"i": n}}, in batches. */
  List<HubEvent> publish(String category, String event, int count) {
    List<HubEvent> out = new ArrayList<>(count);
    for (int from = 0; from < count; from += 1000) {
      List<EventDraft> drafts = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 1000); i++) {
        drafts.add(EventDraft.of(category, event, "k" + (i % 3), new JsonObject().put("i", i)));
      }
      out.addAll(TestHub.await(hub.hub().publisher().publishAll(drafts)));
    }
    return out;
  }

  HubEvent publish(String category, String event, String key) {
    return TestHub.await(hub.hub().publisher().publish(EventDraft.of(category, event, key, new JsonObject())));
  }

  /** The sink's counters, read over HTTP as an admin. */
  JsonObject stats() {
    return hub.get("/api/websocket/stats", hub.adminToken()).bodyAsJsonObject();
  }

  /** Stops the hub (as a shutdown does); closing the fixture afterwards is fine. */
  void stopHub() {
    if (!hubStopped) {
      hubStopped = true;
      hub.close();
    }
  }

  @Override
  public void close() {
    try {
      stopHub();
    } finally {
      TestHub.await(clientVertx.close());
    }
  }
}
