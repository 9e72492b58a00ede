/**
 * The SSE sink's implementation: the request's checks ({@code StreamRequest}), one stream per client
 * ({@code SseStream}) fed by the dispatcher on the event bus, and the stats.
 */
package dev.eventhub.sinks.sse.impl;
