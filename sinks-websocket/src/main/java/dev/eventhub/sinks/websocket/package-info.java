/**
 * The WebSocket sink plugin: {@link dev.eventhub.sinks.websocket.WebSocketSinkPlugin} and its
 * settings, {@link dev.eventhub.sinks.websocket.WebSocketSinkOptions}. The protocol it serves is
 * the WebSocket protocol, documented for client authors in {@code docs/protocol.md} (the contract) and {@code docs/websocket.md} (a guide).
 */
package dev.eventhub.sinks.websocket;
