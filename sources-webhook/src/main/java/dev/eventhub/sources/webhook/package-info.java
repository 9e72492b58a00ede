/**
 * The webhook plugin ({@code webhook}): verified inbound webhooks at {@code POST /hooks/<endpoint>},
 * and outbound subscriptions that deliver hub events to HTTP targets, signed per Standard Webhooks,
 * at least once and in order, retried, behind a circuit breaker per target, parked in the dead-letter
 * queue after their last attempt. See docs/sources/webhook.md.
 *
 * <h2>Redelivery from the dead-letter queue</h2>
 *
 * A delivery that failed its last attempt is parked at the dead-letter queue's address ({@code
 * plugins.webhook.dlqAddress}, default {@code dlq.park}) with origin address {@value
 * dev.eventhub.sources.webhook.WebhookPlugin#REDELIVER_ADDRESS} and payload
 *
 * <pre>{@code
 * {"subscription": "<subscription id>", "event": <the event's envelope>}
 * }</pre>
 *
 * A request-reply message with that payload at {@value
 * dev.eventhub.sources.webhook.WebhookPlugin#REDELIVER_ADDRESS} makes one delivery attempt with the
 * subscription's current URL, secret and headers. The reply is {@code {"status", "durationMs"}} when
 * the target answered 2xx; otherwise the message fails with 502 (the attempt's error), 404 (no such
 * subscription) or 400 (not such a payload).
 */
package dev.eventhub.sources.webhook;
