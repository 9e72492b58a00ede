package dev.eventhub.kit.stream;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The live side of a subscription's hand-over from replay to live delivery. A gate starts holding:
 * live events that match are kept back (up to a byte budget) while the sink answers the request and
 * replays; {@link #goLive(String)} then delivers the held events newer than the last replayed one,
 * and every later event as it comes. If more arrives than the budget while holding, the held events
 * are dropped and {@link #takeOverflow()} says so: the replay must read the log again past what it
 * sent, since the dropped events are recorded there ({@link ReplayHandover} does).
 *
 * <p>Enter the subscription into the sink's live dispatch (so the gate receives events) before
 * reading the log's head or the first page: every event recorded after that read then reaches the
 * gate, and every earlier one is in the read.
 *
 * <p>Not thread-safe: a gate belongs to its connection's thread, which is also the thread that calls
 * {@link #receive}.
 *
 * @param <T> the sink's live event (the event itself, or its encoded form)
 */
public final class LiveGate<T> {
  private enum State { HOLDING, LIVE, CLOSED }

  private final long bufferLimit;
  private final Function<T, String> cursorOf;
  private final ToLongFunction<T> sizeOf;
  private final Consumer<T> deliver;
  private ArrayDeque<T> held;
  private State state = State.HOLDING;
  private long heldBytes;
  private boolean overflowed;
  private String floor;

  /**
   * @param bufferLimit the bytes held at most while holding
   * @param cursorOf an event's cursor (compared as strings, as the log's cursors order)
   * @param sizeOf the bytes an event takes while held
   * @param deliver writes a live event to the client
   */
  public LiveGate(long bufferLimit, Function<T, String> cursorOf, ToLongFunction<T> sizeOf, Consumer<T> deliver) {
    this.bufferLimit = bufferLimit;
    this.cursorOf = cursorOf;
    this.sizeOf = sizeOf;
    this.deliver = deliver;
  }

  /** A live event that matched the subscription: delivered when live, held while holding, dropped when closed. */
  public void receive(T event) {
    if (state == State.LIVE) {
      deliver(event);
    } else if (state == State.HOLDING) {
      hold(event);
    }
  }

  /** Whether held events were dropped since the last call, because more arrived than the budget. */
  public boolean takeOverflow() {
    boolean was = overflowed;
    overflowed = false;
    return was;
  }

  /**
   * Ends the holding: delivers the held events after {@code floor}, and every later one as it comes.
   *
   * @param floor the cursor of the last replayed event, or the log's head when nothing was replayed;
   *     events up to it are dropped as already sent
   */
  public void goLive(String floor) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.LIVE;
    this.floor = floor;
    if (held != null) {
      ArrayDeque<T> events = held;
      held = null;
      for (T e : events) {
        deliver(e);
      }
    }
    heldBytes = 0;
  }

  /** Whether {@link #goLive} was called (and not {@link #close}). */
  public boolean live() {
    return state == State.LIVE;
  }

  /** Drops everything held and every later event. */
  public void close() {
    state = State.CLOSED;
    held = null;
  }

  public boolean closed() {
    return state == State.CLOSED;
  }

  private void hold(T event) {
    heldBytes += sizeOf.applyAsLong(event);
    if (heldBytes > bufferLimit) {
      held = null;
      heldBytes = 0;
      overflowed = true;
      return;
    }
    if (held == null) {
      held = new ArrayDeque<>();
    }
    held.add(event);
  }

  private void deliver(T event) {
    if (floor != null) {
      // Events queued before going live may include replayed ones; past the first newer one, none can.
      if (cursorOf.apply(event).compareTo(floor) <= 0) {
        return;
      }
      floor = null;
    }
    deliver.accept(event);
  }
}
