/**
 * Futures and Vert.x contexts: calling future-returning code safely, running it on a plugin's own
 * context, and running operations one key at a time.
 *
 * <p>A plugin that keeps its mutable state on one context (its verticle's) needs calls arriving from
 * the HTTP server's event loops or the event bus to hop over before they touch that state: {@link
 * dev.eventhub.kit.async.Contexts} does the hop; {@link dev.eventhub.kit.async.KeyedQueue} then keeps
 * two requests on one key (a session, a job) from interleaving their reads and writes.
 */
package dev.eventhub.kit.async;
