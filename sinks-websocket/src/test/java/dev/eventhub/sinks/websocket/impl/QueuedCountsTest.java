package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.stream.StreamFilter;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 2: a connection hands its changes to the sink's queued-events counters over once per pass, not per
 * event (the counters are shared by every event loop, and a socket that falls behind queues and drains every event
 * of a fan-out); after each pass they are exact.
 */
class QueuedCountsTest {
  private final WebSocketStats stats = new WebSocketStats();
  private final StalledWriter writer = new StalledWriter();
  private final Outbox outbox = new Outbox(writer, null, null, 1 << 20, stats, () -> {});

  @Test
  void shouldCountQueuedEventsOncePerPassAndExactlyAfterEach() {
    Subscription s = new Subscription(1, new StreamFilter(List.of("orders"), List.of(), List.of()), false, outbox,
        1 << 20);
    s.goLive(null);
    Encoded first = event(0);

    // The socket is full: the first event waits, and the pass that this starts (a flush, then the wait for the
    // drain) hands its count over.
    outbox.deliver(s, first);
    assertThat(stats.toJson().getLong("queuedEvents")).isEqualTo(1);

    // Two more wait while the socket drains: no pass has ended, the shared counters are not touched.
    outbox.deliver(s, event(1));
    outbox.deliver(s, event(2));
    assertThat(stats.toJson().getLong("queuedEvents")).as("counted at the end of a pass only").isEqualTo(1);
    assertThat(outbox.queuedEvents()).as("the connection's own count is exact at once").isEqualTo(3);

    // The socket drains: the backlog is written, and the pass that wrote it leaves the counters exact.
    writer.drain();
    assertThat(writer.frames).isEqualTo(3);
    assertThat(stats.toJson().getLong("queuedEvents")).isZero();
    assertThat(stats.toJson().getLong("queuedBytes")).isZero();
    assertThat(stats.toJson().getLong("queuedBytesPeak")).isEqualTo(first.size(s));
  }

  private static Encoded event(int i) {
    return new Encoded(new HubEvent("id-" + i, String.format("%016d", i + 1), "orders", "placed", "k", Instant.now(),
        new JsonObject().put("n", i)));
  }

  /** A socket that is full until {@link #drain()}, which runs what waited for it; counts the frames written. */
  private static final class StalledWriter extends FrameWriter {
    private boolean full = true;
    private Runnable onDrain;
    int frames;

    void drain() {
      full = false;
      Runnable action = onDrain;
      onDrain = null;
      action.run();
    }

    @Override
    void write(Buffer frame) {
      frames++;
    }

    @Override
    void write(ByteBuf frame) {
      frames++;
      frame.release();
    }

    @Override
    void writeWire(ByteBuf wire) {
      WireFrames.eachPayload(wire, this::write);
    }

    @Override
    void flush() {
    }

    @Override
    boolean full() {
      return full;
    }

    @Override
    long bytesBeforeFull() {
      return full ? 0 : Long.MAX_VALUE;
    }

    @Override
    void whenDrained(Runnable action) {
      onDrain = action;
    }
  }
}
