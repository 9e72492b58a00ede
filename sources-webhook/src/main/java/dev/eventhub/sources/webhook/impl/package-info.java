/**
 * The plugin's implementation; not API. {@code WebhookVerticle} wires: {@code Endpoints},
 * {@code InboundApi} and {@code ReplayGuard} (inbound); {@code Outbound}, one {@code Dispatcher} per
 * subscription, {@code Sender} (outbound, through the kit's {@code TargetBreakers}); {@code AdminApi} for both.
 */
package dev.eventhub.sources.webhook.impl;
