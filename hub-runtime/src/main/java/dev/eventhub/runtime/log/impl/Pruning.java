package dev.eventhub.runtime.log.impl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What retention removes in one transaction (a group's, or an idle slice's own), from the deletion until the
 * transaction commits (then applied to the counts in memory) or rolls back (then the marks it raised are put back).
 */
final class Pruning {
  // The group whose transaction this is (compared by identity); null for an idle slice.
  final Object group;
  // Per category: the events removed, those of them the counts table counts, and the highest sequence removed.
  final Map<String, Long> removed = new HashMap<>();
  final Map<String, Long> counted = new HashMap<>();
  final Map<String, Long> marks = new HashMap<>();
  // The categories it removed a prefix of the log from (age, size): only those can be left without events.
  final Set<String> byPrefix = new HashSet<>();
  // Per category: its pruning mark before this transaction raised it; -1 when it had none.
  private final Map<String, Long> marksBefore = new HashMap<>();
  private long total;

  Pruning(Object group) {
    this.group = group;
  }

  /**
   * Records {@code n} events of {@code category} deleted, through sequence {@code last}, {@code counted} of them up to
   * the counts table's sequence; raises the category's mark in {@code prunedThrough} at once: a reader that looks
   * before the deletion commits is told of a gap that is not there yet (and reads the events), never the reverse.
   */
  void removed(String category, long n, long last, long counted, Map<String, Long> prunedThrough) {
    removed.merge(category, n, Long::sum);
    this.counted.merge(category, counted, Long::sum);
    marks.merge(category, last, Math::max);
    marksBefore.putIfAbsent(category, prunedThrough.getOrDefault(category, -1L));
    prunedThrough.merge(category, last, Math::max);
    total += n;
  }

  long removedOf(String category) {
    return removed.getOrDefault(category, 0L);
  }

  long total() {
    return total;
  }

  boolean isEmpty() {
    return total == 0;
  }

  /** The transaction rolled back: the marks it raised are what they were. */
  void undo(Map<String, Long> prunedThrough) {
    marksBefore.forEach((category, before) -> {
      if (before < 0) {
        prunedThrough.remove(category);
      } else {
        prunedThrough.put(category, before);
      }
    });
  }
}
