package dev.eventhub.api.spi;

/**
 * A plugin that takes events somewhere: it consumes the event-bus addresses of {@link
 * PluginContext#address(String)} (or {@link PluginContext#allEventsAddress()}) and, for replay,
 * reads {@link PluginContext#history()}. The WebSocket sink is one.
 *
 * <p>Register implementations with {@code @AutoService(SinkPlugin.class)}.
 */
public interface SinkPlugin extends HubPlugin {}
