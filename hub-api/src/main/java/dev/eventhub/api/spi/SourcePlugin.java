package dev.eventhub.api.spi;

/**
 * A plugin that produces events: it publishes through {@link PluginContext#publisher()} and
 * declares what it publishes in {@link #categories()}.
 *
 * <p>Register implementations with {@code @AutoService(SourcePlugin.class)}.
 */
public interface SourcePlugin extends HubPlugin {}
