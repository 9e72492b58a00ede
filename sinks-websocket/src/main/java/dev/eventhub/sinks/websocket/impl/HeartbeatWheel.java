package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The heartbeats of every connection of one event loop: one periodic timer per loop instead of one per connection.
 * A Vert.x periodic timer costs a connection a timer object, a Netty scheduled task, a map entry and a lambda (about
 * 0.15 KiB, 15 MiB at 100,000 connections); a member of the wheel costs three references and a slot number, which it
 * holds itself ({@link Member}), so that joining and leaving allocate nothing.
 *
 * <p>The wheel has {@value #SLOTS} slots and turns once per interval: each tick (every interval / {@value #SLOTS})
 * visits the members of the next slot. A member joins the slot visited last, so that it is visited one turn later,
 * and then once per interval: its first visit comes between interval - tick and interval after it joined (a periodic
 * timer's came after exactly interval), the following ones an interval apart, as before (an
 * interval that is not a multiple of {@value #SLOTS} ms is rounded down to one: 50 ms turns in 48). Spreading the members over
 * the slots by when they joined also spreads the pings over the interval, as separate timers did.
 *
 * <p>Not thread-safe: everything runs on the loop's thread (the members are that loop's connections); the timer runs
 * on the context of the member that started it, a context of the same loop.
 */
final class HeartbeatWheel {
  static final int SLOTS = 16;

  /** What the wheel visits once per interval; holds its own links (a member is on one wheel at most). */
  abstract static class Member {
    private Member previous;
    private Member next;
    private HeartbeatWheel wheel;
    private int slot;

    /** Called once per interval, on the loop's thread, while on the wheel. */
    abstract void beat();

    /** Takes this member off its wheel, if it is on one. */
    final void leaveWheel() {
      if (wheel != null) {
        wheel.remove(this);
      }
    }
  }

  private final Member[] slots = new Member[SLOTS];
  private final long tickMs;
  private int current;
  private int size;
  private long timer = -1;
  private Vertx vertx;

  HeartbeatWheel(long intervalMs) {
    this.tickMs = Math.max(1, intervalMs / SLOTS);
  }

  /** Puts {@code m} on the wheel, first visited about one interval from now; started on {@code context}'s loop. */
  void add(Member m, Context context) {
    if (m.wheel != null) {
      return;
    }
    m.wheel = this;
    m.slot = current;
    m.previous = null;
    m.next = slots[current];
    if (m.next != null) {
      m.next.previous = m;
    }
    slots[current] = m;
    if (size++ == 0) {
      vertx = context.owner();
      timer = vertx.setPeriodic(tickMs, tickMs, id -> tick());
    }
  }

  /** Takes {@code m} off the wheel (nothing if it is not on it); the timer stops with the last member. */
  void remove(Member m) {
    if (m.wheel != this) {
      return;
    }
    if (m.previous != null) {
      m.previous.next = m.next;
    } else {
      slots[m.slot] = m.next;
    }
    if (m.next != null) {
      m.next.previous = m.previous;
    }
    m.previous = null;
    m.next = null;
    m.wheel = null;
    if (--size == 0) {
      // A wheel outlives its connections (one per loop): no timer while it has none.
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  int size() {
    return size;
  }

  // Visits the next slot. A member may leave while visited (a heartbeat timeout closes it): the next one is read
  // first. One joining meanwhile joins this slot's head, behind the walk: visited a turn later.
  private void tick() {
    current = (current + 1) % SLOTS;
    Member m = slots[current];
    while (m != null) {
      Member next = m.next;
      m.beat();
      m = next;
    }
  }
}
