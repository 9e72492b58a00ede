/**
 * Store, then publish, without losing or inventing events across a crash: {@link
 * dev.eventhub.kit.outbox.Outbox}.
 *
 * <p>A plugin that changes a stored document and announces the change with events faces two writes
 * to two places (its storage, the hub's log) with no transaction spanning them. Publishing first
 * announces changes that may never happen; storing first loses the events if the hub dies in
 * between. The outbox writes the events (with their final ids) next to the change before making it,
 * and settles what a crash left at the next start; publishing an event twice is harmless, as the log
 * records an event id once.
 */
package dev.eventhub.kit.outbox;
