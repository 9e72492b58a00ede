/** The server-sent events sink: {@code GET /sse}, as docs/sse.md describes. */
package dev.eventhub.sinks.sse;
