package dev.eventhub.client;

/**
 * Events of a {@link Overflow#DROP_OLDEST} (or {@link Overflow#LATEST_PER_KEY}) subscription that the hub
 * dropped because the client fell behind: the protocol's {@code gap} frame. It comes where the dropped
 * events would have; they are still in the hub's log ({@code GET /api/events?since=...}) until retention
 * removes them.
 *
 * @param dropped how many events were dropped (at least 1)
 * @param from the cursor of the first dropped event
 * @param to the cursor of the last dropped event
 */
public record Gap(long dropped, String from, String to) {}
