package dev.eventhub.runtime.log;

import dev.eventhub.api.HubEvent;
import java.util.List;

/**
 * Told of every commit of the log, in commit order, one call at a time, on the log's writer thread:
 * implementations must not block.
 */
public interface LogListener {
  /**
   * A group of newly recorded events, in log order, durable, before their appends complete.
   *
   * @param replicated true when they came from {@link ReplicaLog#appendReplicated} (another node
   *     sequenced them), false when this log sequenced them
   */
  void recorded(List<HubEvent> events, boolean replicated);

  /** Plugin documents a commit wrote or removed, in commit order. */
  default void documentsChanged(List<DocumentChange> changes, boolean replicated) {}
}
