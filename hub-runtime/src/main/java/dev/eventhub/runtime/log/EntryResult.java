package dev.eventhub.runtime.log;

/**
 * What applying one {@link LogEntry} did, for the request that produced it.
 *
 * @param entry the entry
 * @param value an {@link Appended} for an event; a {@link dev.eventhub.api.spi.StoredDocument} for a put,
 *     insert or replace; an {@link Integer} (documents removed) for a delete; a {@link
 *     dev.eventhub.api.HubException} for a command refused at apply (CONFLICT, NOT_FOUND); null otherwise
 */
public record EntryResult(LogEntry entry, Object value) {}
