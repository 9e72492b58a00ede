/**
 * The scheduler plugin ({@code scheduler}): durable cron and interval schedules that publish an
 * event or call an HTTP endpoint, with misfire policies for occurrences missed while the hub was
 * down. Its REST API, events and settings are described in {@code docs/sources/scheduler.md}.
 *
 * <p>The only public type is the descriptor, {@link dev.eventhub.sources.scheduler.SchedulerPlugin};
 * its constant {@link dev.eventhub.sources.scheduler.SchedulerPlugin#RETRY_ADDRESS} is the event-bus
 * address where the dead-letter queue sends parked HTTP calls back.
 */
package dev.eventhub.sources.scheduler;
