package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.kit.stream.PendingEvents;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbound side of one connection, on the connection's thread: live events are written at once
 * while the socket takes them, and wait while it does not: those of subscriptions with the default
 * overflow policy ({@code close}) in a backlog in arrival order, those of {@code drop-oldest} and
 * {@code latest-per-key} subscriptions each in its own {@link PendingEvents} ({@link DroppableQueues}). Together they
 * never pass {@code maxQueuedBytes}: past it the droppable subscriptions shed their oldest events (a
 * {@code gap} frame tells the client before their next events), and if that is not enough the connection
 * is reported slow (it is then closed with 4008): a client that stops reading costs the others and the
 * publishers nothing.
 *
 * <p>Frames are written without a flush and flushed once per pass ({@link FrameWriter}): a batch of
 * events from the loop, a drain of the backlog, a page of replay, a reply. A pass's {@code event} frames go
 * to the socket in one write ({@link EventRun}).
 */
final class Outbox {
  private final FrameWriter writer;
  private final Context context;
  private final LoopDispatch loop;
  private final long maxQueuedBytes;
  private final WebSocketStats stats;
  private final Runnable onSlowConsumer;
  private Backlog backlog;
  private final DroppableQueues droppable;
  private final QueuedCounts queued;
  private List<Subscription> batching;
  // The event frames not yet handed to the writer; created at the first.
  private EventRun run;
  private List<Runnable> waitingForWritable;
  private boolean dirty;
  private boolean awaitingDrain;
  private boolean stopped;
  private long framesWritten;
  private long eventsWritten;

  /** An outbox outside any loop, writing through Vert.x: for tests. */
  Outbox(WebSocketBase ws, Context context, long maxQueuedBytes, WebSocketStats stats, Runnable onSlowConsumer) {
    this(FrameWriter.of(ws), context, null, maxQueuedBytes, stats, onSlowConsumer);
  }

  /**
   * @param writer where frames go
   * @param loop the loop the connection lives on, which flushes the outbox after each batch it delivers
   */
  Outbox(FrameWriter writer, Context context, LoopDispatch loop, long maxQueuedBytes, WebSocketStats stats,
      Runnable onSlowConsumer) {
    this.writer = writer;
    this.context = context;
    this.loop = loop;
    this.maxQueuedBytes = maxQueuedBytes;
    this.stats = stats;
    this.onSlowConsumer = onSlowConsumer;
    this.queued = new QueuedCounts(stats);
    this.droppable = new DroppableQueues(stats, queued);
  }

  /** A live event for a live subscription: written now if the socket takes it, else queued behind the others. */
  void deliver(Subscription s, Encoded e) {
    if (stopped) {
      return;
    }
    PendingEvents<Encoded> own = s.pending();
    if (own != null) {
      deliverDroppable(s, own, e);
      return;
    }
    if (backlog == null || backlog.isEmpty()) {
      if (takesMore()) {
        s.writeNow(e);
        touch();
        return;
      }
      if (backlog == null) {
        backlog = new Backlog();
      }
    }
    backlog.add(s, e);
    queued.add(1, e.size(s));
    if (queuedBytes() > maxQueuedBytes && !shed()) {
      return;
    }
    awaitDrain();
  }

  // Drop-oldest and latest-per-key: the subscription's own events keep their order, behind its own queue.
  private void deliverDroppable(Subscription s, PendingEvents<Encoded> own, Encoded e) {
    if (own.isEmpty() && !own.hasGap() && takesMore()) {
      s.writeNow(e);
      touch();
      return;
    }
    int before = own.size();
    long grew = droppable.add(s, e);
    int added = own.size() - before;
    // Counted once the queue is back within its bound (the drops are counted as they happen): the peak the
    // stats show is what the queue held, not the moment between an event's arrival and the drops it caused.
    boolean goesOn = queuedBytes() <= maxQueuedBytes || shed();
    queued.add(added, grew);
    if (goesOn) {
      awaitDrain();
    }
  }

  /**
   * Over the bound: the droppable subscriptions drop their oldest events until the queue fits; if it
   * still does not (the backlog of {@code close} subscriptions alone passes it), the connection is slow.
   *
   * @return whether the connection goes on
   */
  private boolean shed() {
    droppable.shedTo(maxQueuedBytes - (backlog == null ? 0 : backlog.bytes()));
    if (queuedBytes() <= maxQueuedBytes) {
      return true;
    }
    stop();
    // Not in the middle of the loop's batch: the connection closes, and drops its subscriptions, on its own turn.
    if (context == null) {
      onSlowConsumer.run();
    } else {
      context.runOnContext(v -> onSlowConsumer.run());
    }
    return false;
  }

  /** The bytes of the events waiting for the socket. */
  long queuedBytes() {
    return (backlog == null ? 0 : backlog.bytes()) + droppable.bytes();
  }

  /** How many events wait for the socket. */
  long queuedEvents() {
    return (backlog == null ? 0 : backlog.size()) + droppable.events();
  }

  /** A droppable subscription closes: what waits for it is dropped, unsent. */
  void forget(Subscription s) {
    droppable.forget(s);
    queued.publish();
  }

  /** Writes one frame, unflushed, whatever waits in the backlog; {@code events} counts the events in it. */
  void write(Buffer frame, int events) {
    if (!stopped) {
      writeRun();
      writer.write(frame);
      framesWritten++;
      eventsWritten += events;
      touch();
    }
  }

  /** {@link #write(Buffer, int)} for a frame built as Netty's bytes; takes over one reference to it. */
  void write(ByteBuf frame, int events) {
    if (stopped) {
      frame.release();
      return;
    }
    writeRun();
    writer.write(frame);
    framesWritten++;
    eventsWritten += events;
    touch();
  }

  /**
   * Adds the {@code event} frame of {@code s} for {@code e} to the connection's run ({@link EventRun}): the frames
   * go to the socket in one write when the pass ends, or before anything else written, or once they would fill it.
   */
  void writeEvent(Subscription s, Encoded e) {
    if (!stopped) {
      if (run == null) {
        run = new EventRun(writer, loop);
      }
      run.add(s, e);
      touch();
    }
  }

  // The run's frames to the writer, unflushed, in one buffer (shared with the loop's equal runs during a pass).
  private void writeRun() {
    int frames = run == null ? 0 : run.write();
    framesWritten += frames;
    eventsWritten += frames;
  }

  // Whether the socket takes another frame now; the run is written first once it would fill the socket.
  private boolean takesMore() {
    if (run != null && run.wouldFill()) {
      writeRun();
    }
    return !writer.full();
  }

  /**
   * Writes the {@code events} frame of {@code s} for {@code events[0..count)}, unflushed: the frame the
   * loop built for this pass when another subscription with the same number took the same events.
   */
  void writeBatch(Subscription s, Encoded[] events, int count) {
    if (!stopped) {
      writeRun();
      writer.writeWire(loop != null ? loop.batchFrame(s, events, count) : SharedBatches.build(s, events, count));
      framesWritten++;
      eventsWritten += count;
      touch();
    }
  }

  /** Writes one frame and flushes: for replies. */
  void send(Buffer frame) {
    write(frame, 0);
    endPass();
  }

  /** Marks {@code s} as filling an {@code events} frame, written when this pass ends. */
  void batching(Subscription s) {
    if (batching == null) {
      batching = new ArrayList<>(2);
    }
    batching.add(s);
    touch();
  }

  /** Ends a pass of writes: the {@code events} frames being filled are written, and everything is flushed. */
  void endPass() {
    dirty = false;
    writeRun();
    if (batching != null && !batching.isEmpty()) {
      for (int i = 0; i < batching.size(); i++) {
        batching.get(i).flushBatch();
      }
      batching.clear();
    }
    // Counted before the flush: a client that has the frames must find them counted (a count after the flush
    // raced with the client's next request on a busy machine).
    if (framesWritten > 0) {
      stats.framesSent(framesWritten, eventsWritten);
      framesWritten = 0;
      eventsWritten = 0;
    }
    queued.publish();
    writer.flush();
  }

  /** Runs {@code action} once the socket takes more data: at once, or when it has drained. */
  void whenWritable(Runnable action) {
    if (stopped) {
      return;
    }
    if (full()) {
      if (waitingForWritable == null) {
        waitingForWritable = new ArrayList<>(1);
      }
      waitingForWritable.add(action);
      awaitDrain();
    } else {
      action.run();
    }
  }

  /** Drops everything queued and writes nothing more. */
  void stop() {
    stopped = true;
    if (backlog != null) {
      queued.add(-backlog.size(), -backlog.bytes());
    }
    droppable.clear();
    backlog = null;
    waitingForWritable = null;
    batching = null;
    if (run != null) {
      run.clear();
    }
    queued.publish();
  }

  /** Whether the socket takes no more for now. */
  boolean full() {
    return !takesMore();
  }

  // Inside a loop's batch, the loop ends the pass; elsewhere the caller does.
  private void touch() {
    if (!dirty) {
      dirty = true;
      if (loop != null && !loop.touched(this)) {
        dirty = false;
      }
    }
  }

  // The socket is full: flush, and carry on (the backlog, then what waits) once it has written everything out.
  private void awaitDrain() {
    if (awaitingDrain || stopped) {
      return;
    }
    awaitingDrain = true;
    endPass();
    writer.whenDrained(() -> {
      if (context == null) {
        writable();
      } else {
        context.runOnContext(v -> writable());
      }
    });
  }

  private void writable() {
    awaitingDrain = false;
    if (stopped) {
      return;
    }
    while (backlog != null && !backlog.isEmpty()) {
      if (!takesMore()) {
        awaitDrain();
        return;
      }
      Subscription s = backlog.peekSubscription();
      Encoded e = backlog.poll();
      queued.add(-1, -e.size(s));
      if (!s.closed()) {
        s.writeNow(e);
      }
    }
    if (!droppable.drain(this::takesMore)) {
      awaitDrain();
      return;
    }
    endPass();
    if (waitingForWritable != null && !waitingForWritable.isEmpty()) {
      List<Runnable> waiting = waitingForWritable;
      waitingForWritable = null;
      waiting.forEach(Runnable::run);
    }
  }
}
