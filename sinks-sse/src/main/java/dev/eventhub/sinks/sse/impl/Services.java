package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.EventHistory;
import dev.eventhub.sinks.sse.SseSinkOptions;

/** What every stream of the sink shares. */
record Services(SseSinkOptions options, EventHistory history, Streams streams, SseStats stats) {}
