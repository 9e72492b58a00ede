package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.spi.EventInterest;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;
import io.vertx.core.Context;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every connection of the sink shares.
 *
 * @param publisher what {@code publish} frames record through; null refuses them
 * @param loops the fan-out of each event loop that holds connections, by the loop's thread
 */
record Services(WebSocketSinkOptions options, EventHistory history, Map<Thread, LoopDispatch> loops,
    WebSocketStats stats, ConnectionRegistry connections, EventPublisher publisher, ConsumerGroups consumers,
    EventInterest interest) {

  Services(WebSocketSinkOptions options, EventHistory history, WebSocketStats stats, ConnectionRegistry connections) {
    this(options, history, stats, connections, null, null);
  }

  /**
   * @param publisher what {@code publish} frames record through (issue 24); null refuses them
   * @param consumers the named consumers (issue 20); {@code null} where they are not offered
   */
  Services(WebSocketSinkOptions options, EventHistory history, WebSocketStats stats, ConnectionRegistry connections,
      EventPublisher publisher, ConsumerGroups consumers) {
    this(options, history, stats, connections, publisher, consumers, EventInterest.UNTRACKED);
  }

  /** @param interest where subscriptions register the categories they want on the bus (issue 24) */
  Services(WebSocketSinkOptions options, EventHistory history, WebSocketStats stats, ConnectionRegistry connections,
      EventPublisher publisher, ConsumerGroups consumers, EventInterest interest) {
    this(options, history, new ConcurrentHashMap<>(), stats, connections, publisher, consumers, interest);
  }

  /**
   * The fan-out of the event loop that runs {@code context}, created with its first connection; on that
   * loop. Each HTTP request (and so each WebSocket) runs on a context of its own (a duplicate of its
   * server's), all of a loop's on that loop's one thread: the fan-out is keyed by the thread, and runs its
   * work on the context of the connection that created it (any context of the loop's thread would do).
   */
  LoopDispatch loop(Context context) {
    if (!Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a connection's fan-out is looked up on the connection's own event loop");
    }
    return loops.computeIfAbsent(Thread.currentThread(), thread -> new LoopDispatch(context, interest));
  }

  Collection<LoopDispatch> allLoops() {
    return loops.values();
  }
}
