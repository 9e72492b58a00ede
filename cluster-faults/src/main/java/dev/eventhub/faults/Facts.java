package dev.eventhub.faults;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the clients and the harness recorded during a run, and what every node holds after it: the
 * checker's whole input, so that the checker is a pure function that unit tests feed crafted histories.
 */
final class Facts {
  /** A publish the hub acknowledged (201, or 200 for an id it already held) with the cursor it answered. */
  record Ack(String id, String cursor, String node, long at) {}

  /** One event of a node's history, as {@code GET /api/events} gives it. */
  record Entry(String id, String cursor, String category, String event, String key, JsonObject data) {
    static Entry of(JsonObject e) {
      return new Entry(e.getString("id"), e.getString("cursor"), e.getString("category"), e.getString("event"),
          e.getString("key"), e.getJsonObject("data", new JsonObject()));
    }

    /** The fields every node must agree on (the timestamp too: it is the broker's). */
    String identity() {
      return cursor + " " + category + "/" + id + " " + event + " " + key;
    }
  }

  /** An event a subscriber received, with the cursor it came with. */
  record Received(String id, String cursor, String category, long at) {}

  /**
   * One WebSocket connection of a subscriber: where it subscribed, from which cursor ({@code since}, null
   * for the first, live one), whether the hub said the replay was complete (null when it did not replay),
   * and what it received, in order.
   */
  record Session(String node, String since, Boolean complete, long at, List<Received> received) {}

  /**
   * A subscriber: its categories ({@code *} for all), the cursor its first subscription started after
   * (the {@code subscribed} answer's), and its connections in order, each resuming with the last cursor.
   */
  record Subscriber(String name, Set<String> categories, String start, List<Session> sessions) {
    boolean matches(String category) {
      return categories.contains("*") || categories.contains(category);
    }
  }

  /** A request the webhook receiver got: the event id ({@code webhook-id}) and the idempotency key it carried. */
  record Delivery(String eventId, String idempotencyKey, long at) {}

  /**
   * The schedule the harness created: its name, when it was created, its interval, and the end of the
   * range checked: every occurrence {@code t} with {@code createdAt < t <= until} must be recorded once.
   */
  record Schedule(String name, Instant createdAt, long everyMillis, Instant until) {}

  /**
   * The webhook subscription: the categories it delivers, the cursor of the log when it was created, and
   * its durable delivery cursor when the run ended (null when unknown): what is after it is still pending,
   * what is not after it the subscription has passed (delivered or skipped).
   */
  record Webhook(Set<String> categories, String after, String deliveredUpTo) {}

  final List<Ack> acks = new ArrayList<>();
  /** Each node's whole history, by node name, in log order. */
  final Map<String, List<Entry>> histories = new LinkedHashMap<>();
  final List<Subscriber> subscribers = new ArrayList<>();
  final List<Delivery> deliveries = new ArrayList<>();
  /** The category the publishers publish to (their ids are checked in it). */
  String publishCategory = "orders";
  Schedule schedule;
  Webhook webhook;
}
