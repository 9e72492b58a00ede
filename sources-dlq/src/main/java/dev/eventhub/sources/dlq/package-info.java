/**
 * The dead-letter queue plugin ({@code dlq}): a durable, bounded queue of entries that something in
 * the hub could not deliver or process.
 *
 * <h2>Parking from another plugin</h2>
 *
 * A plugin parks an entry by sending (request-reply) a {@code JsonObject} to the event-bus address
 * {@value dev.eventhub.sources.dlq.DlqPlugin#PARK_ADDRESS}; plugins cannot compile against this
 * class (each plugin has its own class loader), so the address and the shapes below are the contract:
 *
 * <pre>{@code
 * {"origin": {"plugin": "webhook",              // required, [a-z0-9-]+: who parks it
 *             "address": "webhook.redeliver",   // optional: where a resubmission sends the payload
 *             "target": "POST https://x/y"},    // optional, free text for operators
 *  "category": "orders",                        // optional, [a-z0-9-]+: the category of what it carries;
 *                                               //   only readers of it (and admin) see the entry
 *  "reason": "HTTP 503 after 5 attempts",       // required, at most 4096 characters
 *  "payload": {...},                            // required, any JSON value but null
 *  "attempts": 5,                               // optional, default 1
 *  "firstFailureAt": "2026-11-21T12:00:00.000Z",// optional ISO-8601, default now
 *  "lastFailureAt": "2026-11-21T12:04:00.000Z"} // optional, default now
 * }</pre>
 *
 * The reply is {@code {"id": "<entry id>"}} once the entry is durable. A failed reply carries the
 * HTTP status of the hub's error codes as its failure code: 400 (a field is wrong, the message names
 * it), 413 (larger than the {@code maxEntryBytes} setting), 503 (the queue is full and holds no resolved entry to
 * evict). A parker whose park fails still holds the item and must log it or retry: the queue never
 * drops anything silently. With no reply handler ({@code NO_HANDLERS}) the plugin is not running.
 *
 * <h2>Resubmission</h2>
 *
 * Resubmitting an entry sends its {@code payload} as the body of a request-reply message to {@code
 * origin.address}, with headers {@code dlq-entry-id} and {@code dlq-attempts}. Any reply counts as
 * success (the entry is then resolved); a failure ({@code message.fail}), no handler or no reply
 * within {@code resubmitTimeout} counts as failure (the entry stays parked, one attempt more). An
 * origin handler should therefore reply only once it has really redone the work.
 */
package dev.eventhub.sources.dlq;
