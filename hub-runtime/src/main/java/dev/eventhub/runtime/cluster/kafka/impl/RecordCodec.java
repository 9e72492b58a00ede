package dev.eventhub.runtime.cluster.kafka.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.log.DocumentCommand;
import dev.eventhub.runtime.log.LogEntry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The log topic's records (see docs/cluster.md): a UTF-8 JSON value, header {@code hub-kind} ({@code
 * event}, {@code document} or {@code leader}) and header {@code hub-origin} ({@code <nodeId>:<requestNo>}).
 * An event's value is the hub's envelope without cursor and timestamp (they come from the offset and the
 * broker's LogAppendTime; {@code attributes} only when it has some) and its key is the category, so plain Kafka consumers read the hub's events too.
 */
public final class RecordCodec {
  public static final String KIND = "hub-kind";
  public static final String ORIGIN = "hub-origin";

  private RecordCodec() {}

  /** The record of one event; {@code id} is the draft's, or the one the hub assigned. */
  public static ProducerRecord<String, byte[]> event(String topic, EventDraft draft, String id, String origin) {
    JsonObject value = new JsonObject().put("id", id).put("category", draft.category()).put("event", draft.event())
        .put("key", draft.key()).put("data", draft.data());
    // Issue 20: only when there are some, so that a record without attributes is as it was before them.
    if (!draft.attributes().isEmpty()) {
      value.put("attributes", new JsonObject(new java.util.LinkedHashMap<>(draft.attributes())));
    }
    return record(topic, draft.category(), "event", origin, value);
  }

  /** The record of one document command. */
  public static ProducerRecord<String, byte[]> document(String topic, DocumentCommand cmd, String origin) {
    JsonObject value = new JsonObject().put("op", cmd.op()).put("ns", cmd.namespace())
        .put("collection", cmd.collection()).put("key", cmd.key()).put("keys", new JsonArray(cmd.keys()))
        .put("expectedVersion", cmd.expectedVersion())
        .put("value", cmd.value() == null ? null : new JsonObject(cmd.value()));
    return record(topic, cmd.namespace(), "document", origin, value);
  }

  private static ProducerRecord<String, byte[]> record(String topic, String key, String kind, String origin,
      JsonObject value) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, key,
        value.encode().getBytes(StandardCharsets.UTF_8));
    record.headers().add(KIND, kind.getBytes(StandardCharsets.UTF_8));
    if (origin != null) {
      record.headers().add(ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  /** The origin header of a record, or null. */
  public static String origin(Iterable<Header> headers) {
    return header(headers, ORIGIN);
  }

  /**
   * Reads a polled record. One the hub cannot read (another writer's, a malformed one) is a {@link
   * LogEntry.Skipped}: every node skips it alike.
   */
  public static LogEntry decode(ConsumerRecord<String, byte[]> record) {
    long offset = record.offset();
    long ts = record.timestamp();
    String origin = header(record.headers(), ORIGIN);
    String kind = header(record.headers(), KIND);
    try {
      JsonObject json = record.value() == null ? null : new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
      if (json == null || kind == null) {
        return new LogEntry.Skipped(offset, ts, origin, "no hub-kind header or no value");
      }
      return switch (kind) {
        case "event" -> event(offset, ts, origin, json);
        case "document" -> new LogEntry.Document(offset, ts, origin, command(json));
        case "leader" -> new LogEntry.Leader(offset, ts, origin, json.encode());
        default -> new LogEntry.Skipped(offset, ts, origin, "unknown hub-kind '" + kind + "'");
      };
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      return new LogEntry.Skipped(offset, ts, origin, "unreadable " + kind + " record: " + e.getMessage());
    }
  }

  private static LogEntry event(long offset, long ts, String origin, JsonObject json) {
    String id = json.getString("id");
    String category = json.getString("category");
    String event = json.getString("event");
    Object data = json.getValue("data");
    if (id == null || id.isEmpty() || category == null || category.isEmpty() || event == null || data == null) {
      throw new IllegalArgumentException("an event needs id, category, event and data");
    }
    return new LogEntry.Event(offset, ts, origin, id, category, event, json.getString("key"),
        io.vertx.core.json.Json.encode(data), attributes(json.getValue("attributes")));
  }

  // Absent in records written before issue 20: no attributes. Ill-typed: the record is skipped, as on every node.
  private static java.util.Map<String, String> attributes(Object value) {
    try {
      return EventDraft.attributesFromJson(value);
    } catch (dev.eventhub.api.HubException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static DocumentCommand command(JsonObject json) {
    String op = json.getString("op");
    if (!DocumentCommand.OPS.contains(op) || json.getString("ns") == null || json.getString("collection") == null) {
      throw new IllegalArgumentException("a document command needs op, ns and collection");
    }
    List<String> keys = new ArrayList<>();
    JsonArray array = json.getJsonArray("keys");
    if (array != null) {
      array.forEach(k -> keys.add((String) k));
    }
    JsonObject value = json.getJsonObject("value");
    Number expected = json.getNumber("expectedVersion");
    if (!op.equals("deleteAll") && json.getString("key") == null
        || (op.equals("put") || op.equals("insert") || op.equals("replace")) && value == null) {
      throw new IllegalArgumentException("a " + op + " command without its key or value");
    }
    return new DocumentCommand(op, json.getString("ns"), json.getString("collection"), json.getString("key"), keys,
        expected == null ? 0 : expected.longValue(), value == null ? null : value.encode());
  }

  private static String header(Iterable<Header> headers, String name) {
    String found = null;
    for (Header h : headers) {
      if (name.equals(h.key()) && h.value() != null) {
        found = new String(h.value(), StandardCharsets.UTF_8);
      }
    }
    return found;
  }
}
