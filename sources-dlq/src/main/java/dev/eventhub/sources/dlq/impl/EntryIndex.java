package dev.eventhub.sources.dlq.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the queue keeps in memory of each entry: enough to filter, page, count and pick the oldest
 * resolved entry without reading payloads. Ids are time-ordered, so id order is parking order.
 * Used on the plugin's context only.
 */
final class EntryIndex {
  /**
   * One entry, without its payload.
   *
   * @param category the category of the event the entry carries, or null: who may see it
   */
  record Summary(String id, String plugin, boolean resolved, long parkedAt, String category) {}

  private final TreeMap<String, Summary> entries = new TreeMap<>();
  private final TreeSet<String> resolved = new TreeSet<>();
  private final Map<String, int[]> byOrigin = new HashMap<>();

  void put(Summary s) {
    remove(s.id());
    entries.put(s.id(), s);
    if (s.resolved()) {
      resolved.add(s.id());
    }
    byOrigin.computeIfAbsent(s.plugin(), k -> new int[2])[s.resolved() ? 1 : 0]++;
  }

  Summary remove(String id) {
    Summary old = entries.remove(id);
    if (old != null) {
      resolved.remove(id);
      int[] counts = byOrigin.get(old.plugin());
      counts[old.resolved() ? 1 : 0]--;
      if (counts[0] == 0 && counts[1] == 0) {
        byOrigin.remove(old.plugin());
      }
    }
    return old;
  }

  Summary get(String id) {
    return entries.get(id);
  }

  int size() {
    return entries.size();
  }

  int resolvedCount() {
    return resolved.size();
  }

  String lastId() {
    return entries.isEmpty() ? null : entries.lastKey();
  }

  /** The oldest resolved entry, or null. */
  String oldestResolved() {
    return resolved.isEmpty() ? null : resolved.first();
  }

  /** Per origin plugin: parked and resolved counts of the entries that pass {@code filter}. */
  Map<String, int[]> byOrigin(Predicate<Summary> filter) {
    Map<String, int[]> counts = new TreeMap<>();
    for (Summary s : entries.values()) {
      if (filter.test(s)) {
        counts.computeIfAbsent(s.plugin(), k -> new int[2])[s.resolved() ? 1 : 0]++;
      }
    }
    return counts;
  }

  /** Per origin plugin: parked and resolved counts. */
  Map<String, int[]> byOrigin() {
    Map<String, int[]> copy = new TreeMap<>();
    byOrigin.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  /**
   * Up to {@code limit + 1} ids of matching entries after {@code after} in the given order: the
   * extra one tells the caller there are more.
   */
  List<String> page(Predicate<Summary> filter, String after, int limit, boolean descending) {
    NavigableMap<String, Summary> view = descending ? entries.descendingMap() : entries;
    if (after != null) {
      view = view.tailMap(after, false);
    }
    List<String> ids = new ArrayList<>();
    for (Summary s : view.values()) {
      if (filter.test(s)) {
        ids.add(s.id());
        if (ids.size() > limit) {
          break;
        }
      }
    }
    return ids;
  }

  /** Every matching id, oldest first. */
  List<String> all(Predicate<Summary> filter) {
    return entries.values().stream().filter(filter).map(Summary::id).toList();
  }
}
