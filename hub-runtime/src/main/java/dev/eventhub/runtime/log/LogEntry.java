package dev.eventhub.runtime.log;

import java.util.Map;

/**
 * One record of a cluster's log topic as a node applies it: its offset, the broker's timestamp
 * (LogAppendTime) and the {@code hub-origin} of the request that produced it (null when none), then what
 * it carries. Decoded from Kafka's records by the cluster; the store knows nothing of Kafka.
 */
public sealed interface LogEntry {
  /** The record's offset in the topic's one partition. */
  long offset();

  /** The broker's timestamp, epoch milliseconds. */
  long timestamp();

  /** {@code <nodeId>:<requestNo>} of the request that produced it, or null. */
  String origin();

  /**
   * An event: the envelope without cursor and timestamp, which come from the offset and the broker; {@code
   * attributes} empty when it has none (and for records written before events had them).
   */
  record Event(long offset, long timestamp, String origin, String id, String category, String event, String key,
      String data, Map<String, String> attributes) implements LogEntry {
    /** Copies the attributes; {@code null} means none. */
    public Event {
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** An event without attributes. */
    public Event(long offset, long timestamp, String origin, String id, String category, String event, String key,
        String data) {
      this(offset, timestamp, origin, id, category, event, key, data, null);
    }
  }

  /** A document command, resolved when applied. */
  record Document(long offset, long timestamp, String origin, DocumentCommand command) implements LogEntry {}

  /** A new leader's record, kept as the last leader. */
  record Leader(long offset, long timestamp, String origin, String json) implements LogEntry {}

  /**
   * A record the hub cannot read (another writer's, a newer hub's): applied as nothing, so that the node
   * moves past it as every other node does.
   */
  record Skipped(long offset, long timestamp, String origin, String why) implements LogEntry {}
}
