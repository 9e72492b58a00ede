package dev.eventhub.client;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a subscription selects, and where it starts: the protocol's {@code subscribe} request (docs/websocket.md). */
public final class SubscribeOptions {
  private final List<String> categories = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();
  private final Map<String, String> attributes = new TreeMap<>();
  private String since;
  private Integer last;
  private Overflow overflow;
  private String consumer;
  private boolean autoAck;
  private Handler<Gap> gapHandler;

  /** Adds a category name or glob; at least one is required. */
  public SubscribeOptions addCategory(String category) {
    categories.add(category);
    return this;
  }

  /** Adds an event-type glob; none means every type. */
  public SubscribeOptions addEvent(String eventGlob) {
    events.add(eventGlob);
    return this;
  }

  /** Adds a key; none means every key. */
  public SubscribeOptions addKey(String key) {
    keys.add(key);
    return this;
  }

  /**
   * Requires an attribute: only the events whose attribute {@code name} matches {@code valueOrGlob} ({@code *}
   * stands for any run of characters) arrive; with several, every one must match (docs/protocol.md,
   * Attributes). Naming an attribute again replaces its value. The hub checks names and values: a bad one
   * fails the subscription with {@code bad_request}.
   */
  public SubscribeOptions addAttribute(String name, String valueOrGlob) {
    attributes.put(name, valueOrGlob);
    return this;
  }

  /** Starts with every retained matching event after this cursor. */
  public SubscribeOptions setSince(String cursor) {
    this.since = cursor;
    this.last = null;
    return this;
  }

  /** Starts with the {@code n} most recent matching events (at most 1000). */
  public SubscribeOptions setLast(int n) {
    this.last = n;
    this.since = null;
    return this;
  }

  /**
   * What the hub does when this subscription falls behind; {@link Overflow#CLOSE} (the hub's default) when
   * not set. With {@link Overflow#DROP_OLDEST}, set a {@link #onGap gap handler} to learn what was dropped.
   */
  public SubscribeOptions setOverflow(Overflow overflow) {
    this.overflow = overflow;
    return this;
  }

  /**
   * Attaches to the named consumer {@code name} of the token's subject (docs/protocol.md, Named consumers):
   * the hub remembers its filters and committed cursor, so delivery resumes after what was acknowledged with
   * {@link ClientSubscription#ack}, across reconnects and restarts; several subscriptions on one name share
   * its events. Not with {@link #setLast}, nor with an overflow other than {@link Overflow#CLOSE}.
   *
   * @param autoAck commit each event as it is handed out (at most once) instead of by {@code ack}
   */
  public SubscribeOptions setConsumer(String name, boolean autoAck) {
    this.consumer = name;
    this.autoAck = autoAck;
    return this;
  }

  /** The named consumer, or null. */
  public String consumer() {
    return consumer;
  }

  /** Called on the client's context with each {@link Gap} the hub reports for this subscription. */
  public SubscribeOptions onGap(Handler<Gap> handler) {
    this.gapHandler = handler;
    return this;
  }

  /** The gap handler, or null. */
  public Handler<Gap> gapHandler() {
    return gapHandler;
  }

  /** Whether the subscription starts with a replay ({@code since} or {@code last}). */
  public boolean replays() {
    return since != null || last != null;
  }

  public List<String> categories() {
    return List.copyOf(categories);
  }

  /**
   * The subscribe request, resuming after {@code resumeCursor} when it is not null (never for a named
   * consumer, which resumes after its committed cursor).
   */
  public JsonObject toRequest(String id, String resumeCursor, boolean batch) {
    if (categories.isEmpty()) {
      throw new IllegalStateException("a subscription needs at least one category");
    }
    JsonObject request = new JsonObject().put("type", "subscribe").put("id", id)
        .put("categories", new JsonArray(categories));
    if (!events.isEmpty()) {
      request.put("events", new JsonArray(events));
    }
    if (!keys.isEmpty()) {
      request.put("keys", new JsonArray(keys));
    }
    if (!attributes.isEmpty()) {
      request.put("attributes", new JsonObject(new java.util.LinkedHashMap<>(attributes)));
    }
    if (resumeCursor != null) {
      request.put("since", resumeCursor);
    } else if (since != null) {
      request.put("since", since);
    } else if (last != null) {
      request.put("last", last);
    }
    if (batch) {
      request.put("batch", true);
    }
    if (overflow != null) {
      request.put("overflow", overflow.wire());
    }
    if (consumer != null) {
      request.put("consumer", consumer).put("autoAck", autoAck);
    }
    return request;
  }
}
