package dev.eventhub.sources.scheduler.impl;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every pending fire time in one priority queue, and a single Vert.x timer for the earliest: ten
 * thousand schedules cost ten thousand small queue entries and one timer. Changing a schedule does
 * not search the queue; it adds a new entry with a new generation and the old one is dropped when it
 * comes up (and in bulk when stale entries pile up). Used on the plugin's context only.
 */
final class TimerWheel {
  /** One pending fire: schedule {@code name} at {@code at} (epoch ms), valid while its generation is current. */
  record Due(long at, String name, long generation) {}

  // The timer never sleeps longer than this, so a wall-clock step is noticed within a minute.
  static final long MAX_DELAY_MS = 60_000;
  private static final int COMPACT_SLACK = 1024;

  private final Vertx vertx;
  private final Clock clock;
  private final Consumer<List<Due>> onDue;
  private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
  private long timerId = -1;
  private long armedFor = Long.MAX_VALUE;
  private boolean closed;

  TimerWheel(Vertx vertx, Clock clock, Consumer<List<Due>> onDue) {
    this.vertx = vertx;
    this.clock = clock;
    this.onDue = onDue;
  }

  void add(Due due) {
    queue.add(due);
    if (due.at() < armedFor) {
      arm();
    }
  }

  /** Adds many entries and arms the timer once: for loading thousands of schedules. */
  void addAll(List<Due> dues) {
    queue.addAll(dues);
    arm();
  }

  /** Removes everything due by now, in time order, without handing it to the listener. */
  List<Due> takeDue() {
    long now = clock.millis();
    List<Due> due = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().at() <= now) {
      due.add(queue.poll());
    }
    return due;
  }

  /** Drops stale entries when they outnumber the live ones by far. */
  void compactIfNeeded(int live, Predicate<Due> isLive) {
    if (queue.size() > 2 * live + COMPACT_SLACK) {
      List<Due> keep = queue.stream().filter(isLive).toList();
      queue.clear();
      queue.addAll(keep);
    }
  }

  /** How many Vert.x timers the wheel holds: 0 or 1, whatever the number of schedules. */
  int timers() {
    return timerId >= 0 ? 1 : 0;
  }

  int size() {
    return queue.size();
  }

  void close() {
    closed = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  private void arm() {
    if (closed) {
      return;
    }
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
      armedFor = Long.MAX_VALUE;
    }
    Due head = queue.peek();
    if (head == null) {
      return;
    }
    long now = clock.millis();
    long delay = Math.max(1, Math.min(head.at() - now, MAX_DELAY_MS));
    armedFor = now + delay;
    timerId = vertx.setTimer(delay, id -> {
      timerId = -1;
      armedFor = Long.MAX_VALUE;
      List<Due> due = takeDue();
      if (!due.isEmpty()) {
        onDue.accept(due);
      }
      arm();
    });
  }
}
