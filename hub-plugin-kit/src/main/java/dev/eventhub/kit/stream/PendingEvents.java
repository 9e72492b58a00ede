package dev.eventhub.kit.stream;

import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The live events of one subscription waiting for a client that is behind, under a {@link Overflow}
 * policy other than {@link Overflow#CLOSE}: in log order, with their bytes counted, and the
 * {@code gap} they leave when the sink drops the oldest ones to stay within its bound.
 *
 * <p>Under {@link Overflow#LATEST_PER_KEY} an event whose key is already waiting replaces it (and takes
 * its place at the end, so the order stays the log's): only the newest of each key waits. The sink
 * decides when to drop ({@link #dropOldest()}): it knows the bound, which may be shared by several
 * subscriptions of one connection.
 *
 * <p>Not thread-safe: it belongs to the connection's thread.
 *
 * @param <T> the sink's live event
 */
public final class PendingEvents<T> {
  private final boolean perKey;
  private final Function<T, String> cursorOf;
  private final Function<T, String> keyOf;
  private final ToLongFunction<T> sizeOf;
  // Keyed by the event's key when it replaces its predecessor, else by a sequence number: insertion order is log order.
  private final LinkedHashMap<Object, T> events = new LinkedHashMap<>();
  private long sequence;
  private long bytes;
  private long superseded;
  private Gap gap;

  /**
   * @param policy {@link Overflow#DROP_OLDEST} or {@link Overflow#LATEST_PER_KEY}
   * @param cursorOf an event's cursor
   * @param keyOf an event's key, or {@code null} when it has none
   * @param sizeOf the bytes an event takes while it waits
   */
  public PendingEvents(Overflow policy, Function<T, String> cursorOf, Function<T, String> keyOf, ToLongFunction<T> sizeOf) {
    if (policy == Overflow.CLOSE) {
      throw new IllegalArgumentException("a subscription that closes on overflow keeps no pending events of its own");
    }
    this.perKey = policy == Overflow.LATEST_PER_KEY;
    this.cursorOf = cursorOf;
    this.keyOf = keyOf;
    this.sizeOf = sizeOf;
  }

  /**
   * Adds {@code e} at the end.
   *
   * @return the bytes the waiting events grew by: negative when {@code e} replaced a larger event of its key
   */
  public long add(T e) {
    String key = perKey ? keyOf.apply(e) : null;
    long before = bytes;
    if (key != null) {
      // Removed, not overwritten: the new one goes to the end, where its cursor belongs.
      T old = events.remove(key);
      if (old != null) {
        bytes -= sizeOf.applyAsLong(old);
        superseded++;
      }
      events.put(key, e);
    } else {
      events.put(sequence++, e);
    }
    bytes += sizeOf.applyAsLong(e);
    return bytes - before;
  }

  /** The oldest waiting event, removed; {@code null} when none waits. */
  public T poll() {
    T e = removeFirst();
    if (e != null) {
      bytes -= sizeOf.applyAsLong(e);
    }
    return e;
  }

  /**
   * Drops the oldest waiting event into the {@link #takeGap() gap}.
   *
   * @return the bytes freed, 0 when nothing waits
   */
  public long dropOldest() {
    T e = removeFirst();
    if (e == null) {
      return 0;
    }
    long size = sizeOf.applyAsLong(e);
    bytes -= size;
    String cursor = cursorOf.apply(e);
    gap = gap == null ? new Gap(1, cursor, cursor) : new Gap(gap.dropped + 1, gap.from, cursor);
    return size;
  }

  /**
   * The events dropped since the last call, to tell the client before the events that wait (they are all
   * newer than the dropped ones); {@code null} when none were.
   */
  public Gap takeGap() {
    Gap g = gap;
    gap = null;
    return g;
  }

  /** Whether a gap waits to be told. */
  public boolean hasGap() {
    return gap != null;
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }

  /** How many events wait. */
  public int size() {
    return events.size();
  }

  /** The bytes the waiting events take. */
  public long bytes() {
    return bytes;
  }

  /** Events replaced by a newer one of their key since this queue began, never sent. */
  public long superseded() {
    return superseded;
  }

  /** Forgets everything waiting; returns the bytes freed. */
  public long clear() {
    long freed = bytes;
    events.clear();
    bytes = 0;
    gap = null;
    return freed;
  }

  private T removeFirst() {
    Iterator<Map.Entry<Object, T>> it = events.entrySet().iterator();
    if (!it.hasNext()) {
      return null;
    }
    T e = it.next().getValue();
    it.remove();
    return e;
  }

  /**
   * Events the hub dropped for a client that was behind: they are in the log, and a history read with the
   * subscription's filter after the last event the client got, up to {@code to}, returns them.
   *
   * @param dropped how many
   * @param from the cursor of the first dropped event
   * @param to the cursor of the last dropped event
   */
  public record Gap(long dropped, String from, String to) {
    /** {@code {"dropped":N,"from":"<cursor>","to":"<cursor>"}}: the fields every transport's gap frame carries. */
    public JsonObject toJson() {
      return new JsonObject().put("dropped", dropped).put("from", from).put("to", to);
    }
  }
}
