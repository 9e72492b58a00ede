package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A subscription's events from its durable cursor on, in log order, each with where its delivery
 * stands, and the rules of per-key parallelism: an event may start when no earlier event of its key
 * is unfinished and fewer than the allowed number of keys are in flight; the cursor may move past an
 * event only once it and every event before it are finished (delivered, parked or given up). Used on
 * the plugin's context only.
 */
final class KeyedQueue {
  /** One event and where its delivery stands. */
  static final class Entry {
    final HubEvent event;
    final String lane;
    final int size;
    private boolean started;
    private boolean finished;

    private Entry(HubEvent event) {
      this.event = event;
      this.lane = event.key() == null ? "" : event.key();
      this.size = event.encode().length();
    }
  }

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final Set<String> lanesInFlight = new HashSet<>();
  private long bytes;

  void add(HubEvent event) {
    Entry entry = new Entry(event);
    entries.add(entry);
    bytes += entry.size;
  }

  int size() {
    return entries.size();
  }

  long bytes() {
    return bytes;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** How many keys have an event in flight. */
  int inFlight() {
    return lanesInFlight.size();
  }

  /**
   * The entries that may start now, in log order, marked started: for each key, its first unfinished
   * entry when it is not started yet, as long as fewer than {@code maxLanes} keys are in flight.
   */
  List<Entry> startable(int maxLanes) {
    List<Entry> out = new ArrayList<>();
    Set<String> blocked = new HashSet<>();
    for (Entry entry : entries) {
      if (lanesInFlight.size() >= maxLanes) {
        break;
      }
      if (entry.finished || !blocked.add(entry.lane)) {
        continue;
      }
      if (!entry.started) {
        entry.started = true;
        lanesInFlight.add(entry.lane);
        out.add(entry);
      }
    }
    return out;
  }

  /**
   * Marks an entry finished and drops the finished entries at the head; the cursor of the last one
   * dropped (the cursor may move there), or null when the head is still unfinished.
   */
  String finish(Entry entry) {
    entry.finished = true;
    lanesInFlight.remove(entry.lane);
    String cursor = null;
    while (!entries.isEmpty() && entries.peek().finished) {
      Entry head = entries.poll();
      bytes -= head.size;
      cursor = head.event.cursor();
    }
    return cursor;
  }
}
