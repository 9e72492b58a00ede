/**
 * CloudEvents 1.0 in and out of the hub: the one mapping between the hub's event and a CloudEvent,
 * used by the hub's {@code POST /api/events} and by any plugin that receives or delivers
 * CloudEvents (the webhook source, the server-sent events sink). See {@link
 * dev.eventhub.api.cloudevents.CloudEvents} and docs/cloudevents.md.
 */
package dev.eventhub.api.cloudevents;
