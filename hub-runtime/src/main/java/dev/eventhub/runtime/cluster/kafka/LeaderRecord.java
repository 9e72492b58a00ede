package dev.eventhub.runtime.cluster.kafka;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What a new leader writes to the log topic, through its fenced producer, before it does any leader
 * work: which node leads, where it answers HTTP, and the election's generation. Every node applies it
 * in log order, so every node agrees on who led when; {@code httpBase} is where requests for plugins
 * that run on the leader only are forwarded.
 *
 * <p>Value: UTF-8 JSON {@code {"node","httpBase","generation"}}; header {@code hub-kind: leader}.
 */
public record LeaderRecord(String node, String httpBase, long generation) {
  /** The header that tells the log's record kinds apart. */
  public static final String KIND_HEADER = "hub-kind";
  /** The value of {@link #KIND_HEADER} on a leader record. */
  public static final String KIND = "leader";

  public LeaderRecord {
    if (node == null || node.isBlank()) {
      throw new IllegalArgumentException("a leader record needs a node");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("httpBase", httpBase).put("generation", generation);
  }

  /** The record to produce to {@code topic}. */
  public ProducerRecord<String, byte[]> toRecord(String topic) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, KIND,
        toJson().encode().getBytes(StandardCharsets.UTF_8));
    record.headers().add(KIND_HEADER, KIND.getBytes(StandardCharsets.UTF_8));
    return record;
  }

  /** True when a record's {@link #KIND_HEADER} says it is a leader record. */
  public static boolean isLeaderRecord(Iterable<Header> headers) {
    for (Header h : headers) {
      if (KIND_HEADER.equals(h.key())) {
        return h.value() != null && KIND.equals(new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return false;
  }

  /**
   * Reads a leader record's value; throws {@link IllegalArgumentException} naming what is wrong with
   * one that is not (the log is shared with other writers: it is checked like any input).
   */
  public static LeaderRecord parse(byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("a leader record without a value");
    }
    JsonObject json;
    try {
      json = new JsonObject(new String(value, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("a leader record that is not a JSON object");
    }
    if (!(json.getValue("node") instanceof String node)) {
      throw new IllegalArgumentException("a leader record without a string 'node'");
    }
    Object base = json.getValue("httpBase");
    if (base != null && !(base instanceof String)) {
      throw new IllegalArgumentException("a leader record whose 'httpBase' is not a string");
    }
    if (!(json.getValue("generation") instanceof Number generation)) {
      throw new IllegalArgumentException("a leader record without a numeric 'generation'");
    }
    return new LeaderRecord(node, (String) base, generation.longValue());
  }
}
