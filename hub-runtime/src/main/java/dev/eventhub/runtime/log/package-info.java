/**
 * The hub's durable event log: append with group commit, read by cursor, retention, and the
 * plugins' document storage on the same store. Not API: plugins see it through
 * {@link dev.eventhub.api.EventPublisher}, {@link dev.eventhub.api.EventHistory} and
 * {@link dev.eventhub.api.spi.PluginStorage}.
 */
package dev.eventhub.runtime.log;
