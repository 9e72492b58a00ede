package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.EventHistory;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;

/** What every connection of the sink shares. */
record Services(WebSocketSinkOptions options, EventHistory history, SubscriptionIndex index, WebSocketStats stats,
    ConnectionRegistry connections) {}
