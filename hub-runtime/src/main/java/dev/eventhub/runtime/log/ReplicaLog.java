package dev.eventhub.runtime.log;

import dev.eventhub.api.HubEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * The operations a cluster needs on a node's own log, beyond {@link EventLog}: take over events and
 * documents sequenced by another node with their cursors unchanged, read them out for another node,
 * and drop a tail no other node has.
 */
public interface ReplicaLog extends EventLog {
  /** The log's epoch, the top 16 bits of every cursor. */
  int epoch();

  /** The sequence number of the newest event (or the highest ever pruned); 0 for a new log. */
  long headSeq();

  /** The cursor of sequence number {@code seq} in this log. */
  String cursorOf(long seq);

  /** The sequence number in {@code cursor}, or -1 when it is not one of this log's cursors. */
  long seqOf(String cursor);

  /**
   * Takes another log's epoch, so that cursors are the same on every node; only a log that never
   * held an event may change its epoch.
   */
  Future<Void> adoptEpoch(int epoch);

  /**
   * Records events another node sequenced, with their ids, cursors and timestamps. Events at or below
   * {@link #headSeq()} are skipped (already here); the rest must continue the head without a gap.
   */
  default Future<Void> appendReplicated(List<HubEvent> events) {
    return appendReplicated(events, false);
  }

  /**
   * As {@link #appendReplicated(List)}; with {@code gapsAllowed}, sequence numbers may skip: copying
   * another node's log, whose retention removed events (its log has holes too).
   */
  Future<Void> appendReplicated(List<HubEvent> events, boolean gapsAllowed);

  /** Up to {@code limit} events after sequence number {@code seq}, every category, in log order. */
  Future<List<HubEvent>> eventsAfter(long seq, int limit);

  /** Removes every event after {@code seq}: a tail that was never acknowledged and no other node has. */
  Future<Void> truncateAfter(long seq);

  /** Applies documents another node wrote, in order. */
  Future<Void> applyDocuments(List<DocumentChange> changes);

  /** Every plugin document of every namespace, as changes that would write them. */
  Future<List<DocumentChange>> allDocuments();

  /** Replaces every plugin document with {@code documents}, in one transaction. */
  Future<Void> replaceDocuments(List<DocumentChange> documents);
}
