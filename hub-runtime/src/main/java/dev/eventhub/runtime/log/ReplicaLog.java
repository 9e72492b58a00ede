package dev.eventhub.runtime.log;

import io.vertx.core.Future;
import java.util.List;

/**
 * A node's own copy of a cluster's log: the store applies the log topic's records in offset order,
 * each polled batch in one transaction that also records the applied offset. Appends and document
 * writes do not go here: they are produced to the topic, and come back through {@link #apply}.
 */
public interface ReplicaLog extends EventLog {
  /** The offset of the last record applied; -1 when none. */
  long appliedOffset();

  /** The id of the topic this store holds a copy of; null for a new store. */
  String topicId();

  /** The JSON of the last applied leader record, or null. */
  String lastLeader();

  /**
   * Checks, before producing, that the log may take events of {@code categories}: those it holds, and new
   * ones within {@code log.maxCategories}; CONFLICT otherwise. Apply never refuses: the log holds them then.
   */
  void admitCategories(java.util.Collection<String> categories);

  /** The sequence number of {@code cursor} (its record's offset + 1), or -1 when it is not of this topic. */
  long seqOf(String cursor);

  /** The cursor of sequence number {@code seq}. */
  String cursorOf(long seq);

  /**
   * Applies {@code entries} (in offset order, after {@link #appliedOffset()}) in one transaction, and
   * records {@code lastOffset} (at least the last entry's: a transaction's marker takes an offset too)
   * as applied. Events are recorded at sequence number offset + 1, delivered after the commit. Completes on
   * the store's writer thread: the caller must not block it.
   */
  Future<List<EntryResult>> apply(List<LogEntry> entries, long lastOffset);
}
