/**
 * The WebSocket sink plugin: {@link dev.eventhub.sinks.websocket.WebSocketSinkPlugin} and its
 * settings, {@link dev.eventhub.sinks.websocket.WebSocketSinkOptions}. The protocol it serves is
 * the WebSocket protocol, documented for client authors in {@code docs/websocket.md}.
 */
package dev.eventhub.sinks.websocket;
