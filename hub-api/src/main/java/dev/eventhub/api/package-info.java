/**
 * The event model of the hub, as every plugin sees it.
 *
 * <p>An event is recorded once in the hub's durable log and then delivered; {@link
 * dev.eventhub.api.HubEvent} is its immutable form, {@link dev.eventhub.api.EventDraft} what a
 * producer hands to the {@link dev.eventhub.api.EventPublisher}. {@link
 * dev.eventhub.api.EventHistory} reads the log back, {@link dev.eventhub.api.EventFilter} selects
 * events the way clients do (category, event glob, key), and {@link dev.eventhub.api.HubException}
 * carries the error codes of the wire protocol.
 *
 * <p>This package and {@link dev.eventhub.api.spi} are the whole public API: everything else in the
 * hub may change without notice.
 */
package dev.eventhub.api;
