package dev.eventhub.sinks.mcp.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON Schema pieces for the tools' inputs and outputs. */
final class Schemas {
  private Schemas() {}

  static JsonObject object(JsonObject properties, String... required) {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties);
    if (required.length > 0) {
      schema.put("required", new JsonArray(java.util.List.of((Object[]) required)));
    }
    return schema;
  }

  static JsonObject string(String description) {
    return new JsonObject().put("type", "string").put("description", description);
  }

  static JsonObject nullableString(String description) {
    return new JsonObject().put("type", new JsonArray().add("string").add("null")).put("description", description);
  }

  static JsonObject bool(String description) {
    return new JsonObject().put("type", "boolean").put("description", description);
  }

  static JsonObject integer(int min, int max, String description) {
    return new JsonObject().put("type", "integer").put("minimum", min).put("maximum", max)
        .put("description", description);
  }

  static JsonObject strings(String description) {
    return new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string"))
        .put("description", description);
  }

  static JsonObject array(JsonObject items, String description) {
    return new JsonObject().put("type", "array").put("items", items).put("description", description);
  }

  static JsonObject anyObject(String description) {
    return new JsonObject().put("type", "object").put("description", description);
  }

  /** An event as the hub's protocol writes it. */
  static JsonObject event() {
    return object(new JsonObject()
        .put("id", string("the event's id, unique within its category"))
        .put("cursor", string("its position in the log: pass it as 'since' to read what follows"))
        .put("category", string("its category"))
        .put("event", string("its type"))
        .put("key", nullableString("its routing key (a job, an order...), or null"))
        .put("attributes", anyObject("its attributes (string values by name, e.g. agent_id, task_id); absent when "
            + "it has none"))
        .put("timestamp", string("when the hub recorded it, ISO-8601 UTC"))
        .put("data", anyObject("its payload")),
        "id", "cursor", "category", "event", "timestamp", "data");
  }

  /** The filter arguments every reading tool takes. */
  static JsonObject filterProperties() {
    return new JsonObject()
        .put("categories", strings("category names or globs such as 'ci-*' (at least one); your token's "
            + "subscribe scopes must cover each").put("minItems", 1))
        .put("events", strings("event types or globs; all types when absent"))
        .put("keys", strings("exact keys (e.g. a job id); all keys when absent"))
        .put("attributes", anyObject("attribute names to values or globs, e.g. {\"agent_id\": \"a-7\", \"task_id\": "
            + "\"t-*\"}: only events with every named attribute matching; all events when absent"));
  }

  /** A page of events: what query_events and wait_for_events answer. */
  static JsonObject page(boolean withTimedOut) {
    JsonObject props = new JsonObject()
        .put("events", array(event(), "the matching events, oldest first"))
        .put("next", nullableString("the cursor to pass as 'since' to read on"))
        .put("more", bool("whether more matching events follow 'next' already"))
        .put("complete", bool("false when events may have been missed: 'since' was older than retention "
            + "or unknown to this hub"));
    if (withTimedOut) {
      props.put("timedOut", bool("true when no matching event came before the timeout"));
      return object(props, "events", "next", "more", "complete", "timedOut");
    }
    return object(props, "events", "next", "more", "complete");
  }
}
