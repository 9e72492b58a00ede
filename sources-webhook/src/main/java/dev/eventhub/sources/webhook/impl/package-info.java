/**
 * The plugin's implementation; not API. {@code WebhookVerticle} wires: {@code Endpoints},
 * {@code InboundApi} and {@code ReplayGuard} (inbound); {@code Outbound}, one {@code Dispatcher} per
 * subscription, {@code Sender} and {@code Breakers} (outbound); {@code AdminApi} for both.
 */
package dev.eventhub.sources.webhook.impl;
