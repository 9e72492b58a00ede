/**
 * The sink's workings; not API, may change at any time.
 *
 * <p>Threads: the {@code Dispatcher} runs on the verticle's context, encodes each event once and hands
 * batches of them to each event loop's {@code LoopDispatch}; there, on the connections' own thread,
 * events are matched against that loop's {@code SubscriptionIndex} and written through each
 * connection's {@code Outbox}, flushed once per batch, with a bounded backlog for a socket that does
 * not keep up. The dispatcher never waits for a connection.
 */
package dev.eventhub.sinks.websocket.impl;
