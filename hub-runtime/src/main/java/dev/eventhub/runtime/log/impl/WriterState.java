package dev.eventhub.runtime.log.impl;

import java.util.HashMap;
import java.util.Map;

/** What only the writer thread changes: the next sequence number and per-category counts pending commit. */
final class WriterState {
  long nextSeq;
  long lastTimestamp;
  final Map<String, Long> pendingCounts = new HashMap<>();

  WriterState(long nextSeq, long lastTimestamp) {
    this.nextSeq = nextSeq;
    this.lastTimestamp = lastTimestamp;
  }

  /** A timestamp that never goes backwards, so that age retention can treat the log as time-ordered. */
  long nextTimestamp() {
    lastTimestamp = Math.max(lastTimestamp, System.currentTimeMillis());
    return lastTimestamp;
  }
}
