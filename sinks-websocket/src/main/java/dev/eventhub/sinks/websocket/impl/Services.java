package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.EventHistory;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every connection of the sink shares.
 *
 * @param loops the fan-out of each event loop that holds connections, by the connections' context
 */
record Services(WebSocketSinkOptions options, EventHistory history, Map<Context, LoopDispatch> loops,
    WebSocketStats stats, ConnectionRegistry connections, ConsumerGroups consumers) {

  Services(WebSocketSinkOptions options, EventHistory history, WebSocketStats stats, ConnectionRegistry connections) {
    this(options, history, stats, connections, null);
  }

  /** @param consumers the named consumers (issue 20); {@code null} where they are not offered */
  Services(WebSocketSinkOptions options, EventHistory history, WebSocketStats stats, ConnectionRegistry connections,
      ConsumerGroups consumers) {
    this(options, history, new ConcurrentHashMap<>(), stats, connections, consumers);
  }

  /**
   * The fan-out of the event loop that runs {@code context}, created with its first connection. Each
   * HTTP request (and so each WebSocket) runs on a duplicate of its server's context: the fan-out is
   * keyed by the context it duplicates, one per server instance and event loop.
   */
  LoopDispatch loop(Context context) {
    Context base = context instanceof ContextInternal internal ? internal.unwrap() : context;
    return loops.computeIfAbsent(base, LoopDispatch::new);
  }

  Collection<LoopDispatch> allLoops() {
    return loops.values();
  }
}
