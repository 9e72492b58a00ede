/**
 * The sink's workings; not API, may change at any time.
 *
 * <p>Threads: the {@code Dispatcher} runs on the verticle's context and reads the lock-free {@code
 * SubscriptionIndex}; each {@code Connection} runs on its socket's context and receives events through
 * its {@code Outbox}, a bounded queue the dispatcher fills without ever waiting.
 */
package dev.eventhub.sinks.websocket.impl;
