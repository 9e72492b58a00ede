package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A named consumer as {@code GET /api/consumers} lists it (issue 20); on the group context. */
final class ConsumerJson {
  private ConsumerJson() {}

  static JsonObject describe(ConsumerGroup g, LagScan.Lag lag) {
    ConsumerRecord r = g.record();
    JsonArray members = new JsonArray();
    for (GroupMember m : g.members()) {
      members.add(new JsonObject().put("connection", m.connectionId()).put("subscription", m.subscription().id())
          .put("autoAck", m.autoAck()).put("inFlight", m.inFlight()).put("delivered", m.handedTotal()));
    }
    JsonObject out = new JsonObject().put("name", r.name()).put("subject", r.subject()).put("transport", "websocket")
        .put("categories", new JsonArray(r.categories())).put("events", new JsonArray(r.events()))
        .put("keys", new JsonArray(r.keys())).put("cursor", g.committed())
        .put("created", Instant.ofEpochMilli(r.created()).toString())
        .put("lastAttached", Instant.ofEpochMilli(r.lastAttached()).toString())
        .put("members", members).put("delivered", g.delivered());
    if (lag != null) {
      out.put("lag", lag.toJson());
    }
    return out;
  }
}
